package org.lineshub.hub.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubClient;
import org.lineshub.hub.support.HubIT;

/**
 * Files clients and operators send are served so that they cannot run script on the hub's origin: anything but
 * inert media is a download, and every file carries a sandbox policy and nosniff, whatever type the sender claimed.
 */
class AttachmentDownloadIT extends HubIT {

    private static final byte[] HTML = "<html><script>fetch('/api/v1/tokens')</script></html>"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] SVG = ("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.cookie)"
            + "</script></svg>").getBytes(StandardCharsets.UTF_8);
    private static final byte[] PNG = "\u0089PNG not really".getBytes(StandardCharsets.ISO_8859_1);

    private final Fixtures fixtures = fixtures();
    private final HubClient admin = admin();

    @Test
    void htmlAndSvgAClientSentAreDownloadsInASandbox() throws Exception {
        Fixtures.Account account = fixtures.loopback(fixtures.line("Files from clients", Map.of()));
        long chat = Fixtures.unique();
        String name = "Client" + chat;
        account.platform().enqueueFile(Long.toString(chat), Long.toString(chat), name, "page", "page.html",
                "text/html", HTML);
        long session = fixtures.awaitSession(account.lineId(), name);
        account.platform().enqueueFile(Long.toString(chat), Long.toString(chat), name, "drawing", "logo.svg",
                "image/svg+xml", SVG);
        account.platform().enqueueFile(Long.toString(chat), Long.toString(chat), name, "photo", "photo.png",
                "image/png", PNG);
        JsonNode messages = awaitMessages(session, 3);

        assertDownloadInSandbox(download(url(withText(messages, "page"))), "page.html", HTML);
        assertDownloadInSandbox(download(url(withText(messages, "drawing"))), "logo.svg", SVG);
        assertInlineInSandbox(download(url(withText(messages, "photo"))), "image/png", PNG);
    }

    @Test
    void htmlAndSvgAnOperatorUploadedAreDownloadsInASandbox() throws Exception {
        Fixtures.Account account = fixtures.loopback(fixtures.line("Files from operators", Map.of()));
        long session = fixtures.clientWrites(account, Fixtures.unique(), "send me something");
        String path = "/api/v1/sessions/" + session + "/messages";

        JsonNode html = admin.postFile(path, "files", "page.html", "text/html", HTML, Map.of()).ok();
        JsonNode svg = admin.postFile(path, "files", "logo.svg", "image/svg+xml", SVG, Map.of()).ok();
        JsonNode png = admin.postFile(path, "files", "photo.png", "image/png", PNG, Map.of()).ok();

        assertDownloadInSandbox(download(url(html)), "page.html", HTML);
        assertDownloadInSandbox(download(url(svg)), "logo.svg", SVG);
        assertInlineInSandbox(download(url(png)), "image/png", PNG);
    }

    private static void assertDownloadInSandbox(HttpResponse<byte[]> response, String fileName, byte[] content) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment").contains(fileName);
        assertSandboxed(response);
    }

    private static void assertInlineInSandbox(HttpResponse<byte[]> response, String type, byte[] content) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith(type);
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("inline");
        assertSandboxed(response);
    }

    private static void assertSandboxed(HttpResponse<byte[]> response) {
        assertThat(response.headers().allValues("Content-Security-Policy")).containsExactly("sandbox");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    private JsonNode awaitMessages(long session, int count) {
        JsonNode[] messages = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> (messages[0] = fixtures.messages(session)).size() >= count);
        return messages[0];
    }

    private static JsonNode withText(JsonNode messages, String text) {
        for (JsonNode m : messages) {
            if (text.equals(m.path("text").asText())) {
                return m;
            }
        }
        throw new AssertionError("no message " + text + " in " + messages);
    }

    private static String url(JsonNode message) {
        return message.get("attachments").get(0).get("url").asText();
    }

    private HttpResponse<byte[]> download(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", admin.authorization()).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
