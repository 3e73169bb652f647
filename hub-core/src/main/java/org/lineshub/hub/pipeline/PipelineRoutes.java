package org.lineshub.hub.pipeline;

import java.util.function.Supplier;

import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.lineshub.hub.channel.AccountNotRunningException;
import org.lineshub.hub.channel.ChannelRuntime;
import org.lineshub.hub.session.OutboxStore;
import org.lineshub.plugin.api.SentMessage;
import org.springframework.stereotype.Component;

/**
 * The hub's core routes, the spine every channel plugs into through the typed ports of the plugin API:
 * <pre>
 *  InboundSink.store -> hub.inbound:  check, screening (the blacklist, from memory: a blocked sender's messages are
 *                                     stored as spam; the bot step goes here too), store exactly once (one
 *                                     transaction), then return, so the plugin acknowledges the platform only after
 *                                     the commit; events follow the commit
 *  outbox            -> hub.outbound: a reply the outbox claimed and assembled (several at a time) goes to the
 *                                     account's OutboundSender; returns what the platform answered; the outbox
 *                                     records the outcome (several at a time) and retries
 * </pre>
 */
@Component
class PipelineRoutes extends RouteBuilder {

    static final String INBOUND = "direct:hub.inbound";
    static final String OUTBOUND = "direct:hub.outbound";

    /**
     * @return the endpoint of a core route, resolved on first use and then kept: sending to a URI resolves it on
     *         every call, normalising it anew, which cost the intake about a tenth of a webhook request's CPU
     */
    static Supplier<Endpoint> endpoint(ProducerTemplate producer, String uri) {
        return new Supplier<>() {
            private volatile Endpoint endpoint;

            @Override
            public Endpoint get() {
                Endpoint resolved = endpoint;
                if (resolved == null) {
                    resolved = producer.getCamelContext().getEndpoint(uri);
                    endpoint = resolved;
                }
                return resolved;
            }
        };
    }

    private final IntakeProcessor intake;
    private final ChannelRuntime channels;

    PipelineRoutes(IntakeProcessor intake, ChannelRuntime channels) {
        this.intake = intake;
        this.channels = channels;
    }

    @Override
    public void configure() {
        // every caller (an account's sink, the outbox) handles and reports failures itself
        errorHandler(noErrorHandler());

        from(INBOUND).routeId("hub.inbound")
                .process(intake);

        from(OUTBOUND).routeId("hub.outbound")
                .process(exchange -> {
                    // assembled by the outbox, several replies at a time
                    OutboxStore.Outgoing reply = exchange.getMessage().getMandatoryBody(OutboxStore.Outgoing.class);
                    exchange.getMessage().setHeader(OutboxDispatcher.ACCOUNT_HEADER, reply.accountId());
                    SentMessage sent = channels.sender(reply.accountId())
                            .orElseThrow(() -> new AccountNotRunningException(reply.accountId()))
                            .send(reply.message());
                    exchange.getMessage().setBody(sent);
                });
    }
}
