package org.lineshub.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.ChannelConnector;
import org.lineshub.plugin.api.ConnectedAccount;
import org.lineshub.plugin.api.OutboundMessage;
import org.lineshub.plugin.api.SharedWebhookHandler;
import org.lineshub.plugin.api.WebhookRequest;
import org.lineshub.plugin.testkit.PluginJarCheck;
import org.lineshub.plugin.testkit.TestChannelContext;
import org.lineshub.whatsapp.fake.FakeGraphApi;
import org.lineshub.whatsapp.fake.MetaWebhook;

/**
 * The jar as built: PF4J loads it, finds the connector, an account receives through the shared webhook, sends and
 * fetches media, and the unload frees the plugin's class loader.
 */
class WhatsAppPluginIT {

    private static final String NUMBER = "106540352242922";
    private static final String SECRET = "6f1d2b0c9a8e7d6c5b4a39281706f5e4";

    @Test
    void loadsRunsAndUnloadsTheBuiltJar() throws Exception {
        PluginJarCheck.loadRunAndUnload("whatsapp", null, (connector, loader) -> runAccount(connector));
    }

    private static void runAccount(ChannelConnector connector) throws Exception {
        try (FakeGraphApi graph = FakeGraphApi.start().phoneNumber(NUMBER, TestNumbers.TOKEN)) {
            TestNumbers numbers = new TestNumbers();
            TestChannelContext channel = numbers.add(NUMBER, SECRET, "verify-it", graph.baseUrl());
            ConnectedAccount account = connector.connect(channel);
            try {
                account.startInbound();
                SharedWebhookHandler webhook = connector.sharedWebhook().orElseThrow();
                byte[] body = MetaWebhook.text("102290129340398", NUMBER, "16505551234", "Sheena Nelson",
                        "wamid.IT1", 1_749_416_383L, "Grüße").getBytes(StandardCharsets.UTF_8);
                webhook.handle(new WebhookRequest("POST", Map.of(MetaWebhook.SIGNATURE_HEADER,
                        List.of(MetaWebhook.signature(SECRET, body))), Map.of(), body), numbers);
                assertThat(channel.sink.messages()).singleElement()
                        .satisfies(m -> assertThat(m.text()).isEqualTo("Grüße"));

                assertThat(account.sender().send(OutboundMessage.builder(1, 1, "16505551234").text("Hallo").build())
                        .externalMessageId()).startsWith("wamid.");
                graph.media("77", "text/plain", "media".getBytes(StandardCharsets.UTF_8));
                Optional<byte[]> media = Optional.of(account.attachments().orElseThrow()
                        .fetch(Attachment.external(AttachmentKind.DOCUMENT, "77").build()).content().readAllBytes());
                assertThat(media.get()).isEqualTo("media".getBytes(StandardCharsets.UTF_8));
            } finally {
                account.stopInbound();
                account.close();
            }
        }
    }
}
