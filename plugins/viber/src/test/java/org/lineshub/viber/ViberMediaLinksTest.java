package org.lineshub.viber;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.AccountState;
import org.lineshub.plugin.api.Attachment;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.WebhookRequest;
import org.lineshub.plugin.api.WebhookResponse;
import org.lineshub.plugin.testkit.TestChannelContext;

/** Public links of reply files: signed, limited in time, bound to the bot's token, never a page. */
class ViberMediaLinksTest {

    private static final URI WEBHOOK = URI.create("https://hub.example.com/webhooks/k3y");
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private final TestChannelContext channel = ViberTestHub.context(Map.of(), Optional.of(WEBHOOK),
            AccountState.inMemory());
    private final Attachment file = new Attachment(AttachmentKind.DOCUMENT, "a.pdf", "application/pdf", 4L, null,
            "2026/11/doc", null, null, null);

    private static ViberMediaLinks links(TestChannelContext channel, String token, Instant at) {
        return new ViberMediaLinks(channel, WEBHOOK, token, Clock.fixed(at, ZoneOffset.UTC));
    }

    private static WebhookResponse get(ViberMediaLinks links, URI link, String method) {
        String path = link.getRawPath().substring(WEBHOOK.getPath().length());
        return links.serve(new WebhookRequest(method, Map.of(), Map.of(), new byte[0], path));
    }

    @Test
    void aLinkServesItsFileUntilItExpires() {
        channel.files.put("2026/11/doc", "%PDF".getBytes(StandardCharsets.UTF_8));
        URI link = links(channel, "token-1", NOW).link(file, "application/pdf", "a.pdf");

        WebhookResponse fresh = get(links(channel, "token-1", NOW.plus(Duration.ofDays(29))), link, "GET");
        WebhookResponse expired = get(links(channel, "token-1", NOW.plus(Duration.ofDays(31))), link, "GET");

        assertThat(link.toString()).startsWith(WEBHOOK + "/media/").endsWith("/a.pdf");
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.contentType()).isEqualTo("application/pdf");
        assertThat(new String(fresh.body(), StandardCharsets.UTF_8)).isEqualTo("%PDF");
        assertThat(fresh.headers()).containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Content-Security-Policy", "default-src 'none'; sandbox");
        assertThat(expired.status()).isEqualTo(404);
    }

    @Test
    void aLinkStopsWorkingWhenTheTokenChanges() {
        channel.files.put("2026/11/doc", "%PDF".getBytes(StandardCharsets.UTF_8));
        URI link = links(channel, "token-1", NOW).link(file, "application/pdf", "a.pdf");

        assertThat(get(links(channel, "token-2", NOW), link, "GET").status()).isEqualTo(404);
    }

    @Test
    void headAnswersWithoutTheContentAndOtherMethodsGetNothing() {
        channel.files.put("2026/11/doc", "%PDF".getBytes(StandardCharsets.UTF_8));
        ViberMediaLinks links = links(channel, "token-1", NOW);
        URI link = links.link(file, "application/pdf", "a.pdf");

        assertThat(get(links, link, "HEAD").status()).isEqualTo(200);
        assertThat(get(links, link, "HEAD").body()).isEmpty();
        assertThat(get(links, link, "PUT").status()).isEqualTo(404);
    }

    @Test
    void aFileTheHubNoLongerHasIsNotFound() {
        ViberMediaLinks links = links(channel, "token-1", NOW);

        assertThat(get(links, links.link(file, "application/pdf", "a.pdf"), "GET").status()).isEqualTo(404);
    }

    @Test
    void fileNamesLoseSeparatorsAndKeepTheirExtensionWhenCut() {
        assertThat(ViberMediaLinks.safeName("../etc/passwd", "file", 256)).isEqualTo(".._etc_passwd");
        assertThat(ViberMediaLinks.safeName(null, "file", 256)).isEqualTo("file");
        assertThat(ViberMediaLinks.safeName("a".repeat(300) + ".pdf", "file", 256))
                .hasSize(256).endsWith("a.pdf");
    }
}
