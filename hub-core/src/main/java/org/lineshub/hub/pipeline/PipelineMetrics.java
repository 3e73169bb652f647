package org.lineshub.hub.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counters of the message flow for Prometheus: {@code hub_messages_in_total}, {@code hub_messages_duplicate_total},
 * {@code hub_messages_out_total{status}} (sent, retried, failed), {@code hub_intake_failures_total}, each tagged
 * with the channel type; {@code hub_intake_group_batches} and {@code hub_intake_group_messages}, the size of each
 * group commit. Parked input is counted by the dead-letter store ({@code hub_intake_parked_total}).
 */
@Component
class PipelineMetrics {

    private final MeterRegistry registry;

    PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void inbound(String channel, int stored, int duplicates) {
        counter("hub.messages.in", channel, "Inbound messages stored").increment(stored);
        counter("hub.messages.duplicate", channel, "Inbound messages dropped as duplicates").increment(duplicates);
    }

    /** One group commit of intake: how many callers' batches and messages it stored together. */
    void intakeGroup(int batches, int messages) {
        DistributionSummary.builder("hub.intake.group.batches").description("Callers' batches per intake commit")
                .register(registry).record(batches);
        DistributionSummary.builder("hub.intake.group.messages").description("Messages per intake commit")
                .register(registry).record(messages);
    }

    void intakeFailure(String channel) {
        counter("hub.intake.failures", channel, "Inbound batches that could not be stored").increment();
    }

    void outbound(String channel, String status) {
        Counter.builder("hub.messages.out").description("Outbound delivery outcomes").tag("channel", channel)
                .tag("status", status).register(registry).increment();
    }

    private Counter counter(String name, String channel, String description) {
        return Counter.builder(name).description(description).tag("channel", channel).register(registry);
    }
}
