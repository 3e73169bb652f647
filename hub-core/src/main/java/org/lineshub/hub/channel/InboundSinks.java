package org.lineshub.hub.channel;

import org.lineshub.plugin.api.InboundSink;

/** Where running accounts hand what arrives: the hub's intake, one sink per account, bound to its id. */
public interface InboundSinks {

    /**
     * @param accountId the account
     * @return a sink that stores everything for that account, whatever the messages say
     */
    InboundSink forAccount(long accountId);
}
