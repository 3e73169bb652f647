package org.lineshub.whatsapp;

import org.pf4j.Plugin;

/** The WhatsApp plugin. It holds no state: everything an account needs belongs to what the connector builds. */
public class WhatsAppPlugin extends Plugin {
}
