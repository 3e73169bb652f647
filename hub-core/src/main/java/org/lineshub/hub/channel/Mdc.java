package org.lineshub.hub.channel;

import org.slf4j.MDC;

/** Puts a plugin's and an account's ids into the log context for the length of a try-with-resources block. */
final class Mdc implements AutoCloseable {

    private Mdc() {
    }

    /**
     * @param pluginId  the plugin, or {@code null} to set nothing
     * @param accountId the account
     * @return what removes both keys again when closed
     */
    static Mdc of(String pluginId, long accountId) {
        if (pluginId != null) {
            MDC.put("plugin", pluginId);
            MDC.put("account", Long.toString(accountId));
        }
        return new Mdc();
    }

    @Override
    public void close() {
        MDC.remove("plugin");
        MDC.remove("account");
    }
}
