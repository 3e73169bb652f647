package org.lineshub.telegram;

import org.pf4j.Plugin;

/**
 * The Telegram plugin. It holds no state: everything an account needs is created per account by
 * {@link TelegramConnector#connect} and released when the account closes, so the plugin unloads cleanly.
 */
public class TelegramPlugin extends Plugin {
}
