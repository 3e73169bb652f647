package org.lineshub.hub.pipeline;

import java.nio.charset.StandardCharsets;

import org.apache.camel.builder.RouteBuilder;
import org.lineshub.hub.channel.DeadLetterStore;
import org.lineshub.hub.system.EndpointCalls;
import org.lineshub.hub.session.OutboxStore;
import org.lineshub.plugin.api.HubEndpoints;
import org.lineshub.plugin.api.HubHeaders;
import org.lineshub.plugin.api.OutboundMessage;
import org.springframework.stereotype.Component;

/**
 * The hub's core routes, the spine every channel plugs into:
 * <pre>
 *  plugin route -> hub.inbound:    store exactly once (one transaction), then return, so the plugin acknowledges
 *                                  the platform only after the commit; events follow the commit
 *  plugin route -> hub.dead-letter: park what cannot be mapped, with the reason
 *  outbox       -> hub.outbound:   assemble the reply, hand it to the account's plugin route, return what the
 *                                  platform answered; the outbox records the outcome and retries
 * </pre>
 */
@Component
class PipelineRoutes extends RouteBuilder {

    static final String OUTBOUND = "direct:hub.outbound";

    private final IntakeProcessor intake;
    private final DeadLetterStore deadLetters;
    private final OutboxStore outbox;

    PipelineRoutes(IntakeProcessor intake, DeadLetterStore deadLetters, OutboxStore outbox) {
        this.intake = intake;
        this.deadLetters = deadLetters;
        this.outbox = outbox;
    }

    @Override
    public void configure() {
        // every caller (plugin consumer, webhook controller, outbox) handles and reports failures itself
        errorHandler(noErrorHandler());

        from(HubEndpoints.INBOUND).routeId("hub.inbound")
                .process(intake);

        from(HubEndpoints.DEAD_LETTER).routeId("hub.dead-letter")
                .process(exchange -> {
                    Object body = exchange.getMessage().getBody();
                    String payload = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                            : exchange.getMessage().getBody(String.class);
                    deadLetters.park(exchange.getMessage().getHeader(HubHeaders.ACCOUNT_ID, Long.class),
                            exchange.getMessage().getHeader(HubHeaders.DEAD_LETTER_EXTERNAL_ID, String.class),
                            exchange.getMessage().getHeader(HubHeaders.DEAD_LETTER_REASON, String.class), payload);
                });

        from(OUTBOUND).routeId("hub.outbound")
                .process(exchange -> {
                    long id = exchange.getMessage().getMandatoryBody(Long.class);
                    OutboundMessage message = outbox.assemble(id);
                    exchange.getMessage().setBody(message);
                    exchange.getMessage().setHeader(HubHeaders.ACCOUNT_ID, message.accountId());
                    // a producer per call: a cached one would keep an unloaded plugin's route (and classes) alive
                    EndpointCalls.forward(exchange.getContext(), HubEndpoints.outbound(message.accountId()), exchange);
                    if (exchange.getException() != null) {
                        throw exchange.getException();
                    }
                });
    }
}
