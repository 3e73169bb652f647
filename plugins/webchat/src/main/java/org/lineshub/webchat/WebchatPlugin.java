package org.lineshub.webchat;

import org.pf4j.Plugin;

/**
 * The web chat plugin. It holds no state: everything an account needs is created per account by
 * {@link WebchatConnector#connect} and released when the account closes, so the plugin unloads cleanly.
 */
public class WebchatPlugin extends Plugin {
}
