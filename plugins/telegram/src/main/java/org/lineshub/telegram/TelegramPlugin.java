package org.lineshub.telegram;

import org.pf4j.Plugin;

/**
 * The Telegram plugin. It holds no state: everything an account needs is created per account by
 * {@link TelegramConnector#routes} and released with its routes, so the plugin unloads cleanly.
 */
public class TelegramPlugin extends Plugin {
}
