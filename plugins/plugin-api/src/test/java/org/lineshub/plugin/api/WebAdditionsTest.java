package org.lineshub.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What API 1.1 added for channels whose clients are web pages, and that 1.0 callers keep working. */
class WebAdditionsTest {

    @Test
    void aRequestMadeThe10WayIsForTheAddressItself() {
        WebhookRequest old = new WebhookRequest("post", Map.of("X-A", List.of("1")), Map.of(), new byte[] {1});
        WebhookRequest below = new WebhookRequest("GET", Map.of(), Map.of(), null, "/widget.js");

        assertThat(old.path()).isEmpty();
        assertThat(old.method()).isEqualTo("POST");
        assertThat(below.path()).isEqualTo("/widget.js");
        assertThat(below.toString()).contains("/widget.js").contains("0 bytes");
        assertThat(old).isNotEqualTo(new WebhookRequest("POST", Map.of("x-a", List.of("1")), Map.of(),
                new byte[] {1}, "/x"));
        assertThat(old).isEqualTo(new WebhookRequest("POST", Map.of("x-a", List.of("1")), Map.of(), new byte[] {1}));
    }

    @Test
    void answersCarryHeadersWhichTheyCannotLoseOrHaveChangedAfterwards() {
        WebhookResponse page = WebhookResponse.text("<p>hi</p>").withHeader("Cache-Control", "no-store")
                .withHeader("Content-Security-Policy", "frame-ancestors https://shop.example");

        assertThat(page.headers()).containsEntry("Cache-Control", "no-store")
                .containsEntry("Content-Security-Policy", "frame-ancestors https://shop.example");
        assertThat(WebhookResponse.ok().headers()).isEmpty();
        assertThat(new WebhookResponse(204, null, null).headers()).isEmpty();
        assertThatThrownBy(() -> page.headers().put("X", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(page.withHeader("Cache-Control", "max-age=60").headers()).containsEntry("Cache-Control",
                "max-age=60").hasSize(2);
    }

    @Test
    void aChannelMayRaiseItsWebhookBodyLimitWithinTheHubsMaximum() {
        assertThat(ChannelDescriptor.builder("chat").build().webhookBodyLimit())
                .isEqualTo(ChannelDescriptor.DEFAULT_WEBHOOK_BODY_LIMIT);
        assertThat(new ChannelDescriptor("chat", "Chat", "", List.of(), null).webhookBodyLimit())
                .isEqualTo(ChannelDescriptor.DEFAULT_WEBHOOK_BODY_LIMIT);
        assertThat(ChannelDescriptor.builder("chat").webhookBodyLimit(11 * 1024 * 1024).build().webhookBodyLimit())
                .isEqualTo(11 * 1024 * 1024);
        assertThatThrownBy(() -> ChannelDescriptor.builder("chat")
                .webhookBodyLimit(ChannelDescriptor.MAX_WEBHOOK_BODY_LIMIT + 1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
    }

    @Test
    void anAccountBuiltWithoutALiveEndpointHasNoneAndOneBuiltWithItKeepsIt() {
        OutboundSender sender = m -> new SentMessage("1", null);
        LiveEndpoint echo = (handshake, peer) -> text -> peer.send(text);

        assertThat(ConnectedAccount.builder(sender).build().live()).isEmpty();
        assertThat(ConnectedAccount.builder(sender).live(echo).build().live()).containsSame(echo);
    }

    @Test
    void aHistoryEntryCopiesItsFiles() {
        var files = new java.util.ArrayList<ConversationHistory.EntryFile>();
        files.add(new ConversationHistory.EntryFile(1, AttachmentKind.IMAGE, "a.png", "image/png", 10L));
        var entry = new ConversationHistory.Entry(1, "x", true, "hi", files, "Anna", null, null);
        files.clear();

        assertThat(entry.files()).hasSize(1);
        assertThat(new ConversationHistory.Entry(2, null, false, "ok", null, "Line", null, "SENT").files()).isEmpty();
    }
}
