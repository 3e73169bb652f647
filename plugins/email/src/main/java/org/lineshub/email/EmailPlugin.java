package org.lineshub.email;

import org.pf4j.Plugin;

/**
 * The email plugin. It holds no state: everything a mailbox needs is created per account by
 * {@link EmailConnector#connect} and released when the account closes, so the plugin unloads cleanly.
 */
public class EmailPlugin extends Plugin {
}
