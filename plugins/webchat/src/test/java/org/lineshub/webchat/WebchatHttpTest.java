package org.lineshub.webchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lineshub.plugin.api.AttachmentKind;
import org.lineshub.plugin.api.ConnectedAccount;
import org.lineshub.plugin.api.LiveEndpoint;
import org.lineshub.plugin.api.WebhookHandler;
import org.lineshub.plugin.api.WebhookRequest;
import org.lineshub.plugin.api.WebhookResponse;
import org.lineshub.plugin.testkit.TestChannelContext;

/** The HTTP side below the webhook address: the widget's files, uploads, downloads, the offline form. */
class WebchatHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestChannelContext hub;
    private ConnectedAccount account;
    private WebhookHandler http;
    private LiveEndpoint live;

    private void connect(Map<String, String> settings) {
        hub = TestChannelContext.builder("webchat").accountName("site chat").settings(settings)
                .keepHistory().build();
        hub.setWebhookUrl(URI.create("https://hub.example/webhooks/k3y"));
        account = new WebchatConnector().connect(hub);
        http = account.webhook().orElseThrow();
        live = account.live().orElseThrow();
    }

    @AfterEach
    void close() {
        if (account != null) {
            account.close();
        }
    }

    private WebhookResponse get(String path, Map<String, String> query, String... headers) throws Exception {
        return http.handle(request("GET", path, query, null, headers));
    }

    private WebhookResponse post(String path, Map<String, String> query, byte[] body, String... headers)
            throws Exception {
        return http.handle(request("POST", path, query, body, headers));
    }

    private static WebhookRequest request(String method, String path, Map<String, String> query, byte[] body,
                                          String... headers) {
        Map<String, List<String>> h = new HashMap<>();
        h.put("Host", List.of("hub.example"));
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], List.of(headers[i + 1]));
        }
        Map<String, List<String>> q = new HashMap<>();
        query.forEach((k, v) -> q.put(k, List.of(v)));
        return new WebhookRequest(method, h, q, body, path, "203.0.113.5");
    }

    private static JsonNode json(WebhookResponse response) throws Exception {
        return JSON.readTree(response.body());
    }

    private String visitor() {
        return TestBrowser.connect(live, "https://hub.example", "10.0.0.1").hello(null).get("token").asText();
    }

    @Test
    void servesTheWidgetWithTheAccountsLookAndAnEntityTag() throws Exception {
        connect(Map.of("title", "Shop </script><script>alert(1)</script>", "color", "#112233"));

        WebhookResponse widget = get("/widget.js", Map.of());

        assertThat(widget.status()).isEqualTo(200);
        assertThat(widget.contentType()).startsWith("text/javascript");
        String script = new String(widget.body(), StandardCharsets.UTF_8);
        assertThat(script).contains("\"color\":\"#112233\"", "Shop \\u003c/script\\u003e\\u003cscript\\u003e")
                .doesNotContain("/*config*/").doesNotContain("alert(1)</script>");
        assertThat(widget.headers()).containsEntry("Cache-Control", "public, max-age=300")
                .containsEntry("X-Content-Type-Options", "nosniff").containsKey("ETag");

        WebhookResponse again = get("/widget.js", Map.of(), "If-None-Match", widget.headers().get("ETag"));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void servesTheFramePageUnderAPolicyThatAllowsOnlyItsOwnFilesAndTheAllowedEmbedders() throws Exception {
        connect(Map.of("allowedOrigins", "https://shop.example", "avatarUrl", "https://cdn.example/a.png"));

        WebhookResponse frame = get("/frame", Map.of("lang", "ru"));

        assertThat(frame.contentType()).startsWith("text/html");
        String page = new String(frame.body(), StandardCharsets.UTF_8);
        assertThat(page).contains("<html lang=\"ru\">").doesNotContain("<style").doesNotContain("style=")
                .containsPattern("<script type=\"module\" src=\"frame.js\\?v=[\\w-]+\"></script>");
        assertThat(page.replaceAll("<script type=\"module\" src=\"[^\"]+\"></script>", "")).doesNotContain("<script");
        String policy = frame.headers().get("Content-Security-Policy");
        assertThat(policy).contains("default-src 'self'", "script-src 'self'", "style-src 'self'",
                "img-src 'self' data: https://cdn.example", "connect-src 'self' wss://hub.example",
                "frame-ancestors 'self' https://shop.example", "base-uri 'none'", "form-action 'self'");
        assertThat(frame.headers()).containsEntry("Cache-Control", "no-cache");

        connect(Map.of());
        assertThat(get("/frame", Map.of()).headers().get("Content-Security-Policy")).contains("frame-ancestors *");
        assertThat(new String(get("/frame", Map.of(), "Accept-Language", "ru-RU,ru;q=0.9").body(),
                StandardCharsets.UTF_8)).contains("lang=\"ru\"");
    }

    @Test
    void letsBrowsersKeepTheFramesScriptAndStyleForGoodWhenVersioned() throws Exception {
        connect(Map.of());
        String page = new String(get("/frame", Map.of()).body(), StandardCharsets.UTF_8);
        String version = page.replaceAll("(?s).*frame\\.js\\?v=([\\w-]+).*", "$1");

        WebhookResponse script = get("/frame.js", Map.of("v", version));
        WebhookResponse style = get("/frame.css", Map.of("v", version));
        WebhookResponse old = get("/frame.js", Map.of("v", "old"));

        assertThat(script.contentType()).startsWith("text/javascript");
        assertThat(style.contentType()).startsWith("text/css");
        assertThat(script.headers().get("Cache-Control")).contains("immutable");
        assertThat(style.headers().get("Cache-Control")).contains("immutable");
        assertThat(old.headers().get("Cache-Control")).isEqualTo("no-cache");
    }

    @Test
    void storesAnUploadAsAMessageWithTheFileAndServesItOnlyToItsVisitor() throws Exception {
        connect(Map.of());
        String token = visitor();
        byte[] pdf = "%PDF-1.7 test".getBytes(StandardCharsets.UTF_8);

        WebhookResponse uploaded = post("/upload", Map.of("token", token, "id", "u-00000001"), pdf,
                "Content-Type", "application/pdf; charset=binary", "X-File-Name",
                URLEncoder.encode("счёт №1.pdf", StandardCharsets.UTF_8), "X-Caption", "the%20invoice");

        assertThat(uploaded.status()).as(new String(uploaded.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        JsonNode entry = json(uploaded);
        assertThat(entry.get("text").asText()).isEqualTo("the invoice");
        JsonNode file = entry.get("files").get(0);
        assertThat(file.get("name").asText()).isEqualTo("счёт №1.pdf");
        assertThat(file.get("type").asText()).isEqualTo("application/pdf");
        assertThat(hub.history().stored).singleElement().satisfies(m -> {
            assertThat(m.externalMessageId()).endsWith(".u-00000001");
            assertThat(m.attachments()).singleElement().satisfies(a -> {
                assertThat(a.kind()).isEqualTo(AttachmentKind.DOCUMENT);
                assertThat(a.localRef()).isNotNull();
                assertThat(a.size()).isEqualTo(pdf.length);
            });
        });

        String url = "/" + file.get("url").asText();
        WebhookResponse download = get(url, Map.of("token", token));
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(pdf);
        assertThat(download.headers().get("Content-Disposition")).startsWith("attachment;")
                .contains("filename*=UTF-8''%D1%81%D1%87%D1%91%D1%82");
        assertThat(download.headers()).containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Content-Security-Policy", "sandbox");

        String other = visitor();
        assertThat(get(url, Map.of("token", other)).status()).isEqualTo(404);
        assertThat(get(url, Map.of()).status()).isEqualTo(404);
    }

    @Test
    void showsImagesInlineAndNothingElse() throws Exception {
        connect(Map.of());
        String token = visitor();
        JsonNode image = json(post("/upload", Map.of("token", token), new byte[] {(byte) 0x89, 'P', 'N', 'G'},
                "Content-Type", "image/png", "X-File-Name", "a.png"));
        JsonNode svg = json(post("/upload", Map.of("token", token), "<svg/>".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "image/svg+xml", "X-File-Name", "a.svg"));

        assertThat(get("/" + image.get("files").get(0).get("url").asText(), Map.of("token", token)).headers()
                .get("Content-Disposition")).startsWith("inline;");
        assertThat(get("/" + svg.get("files").get(0).get("url").asText(), Map.of("token", token)).headers()
                .get("Content-Disposition")).startsWith("attachment;");
        assertThat(hub.history().stored.get(0).attachments().get(0).kind()).isEqualTo(AttachmentKind.IMAGE);
    }

    @Test
    void refusesUploadsOfUnknownVisitorsTooLargeFilesAndBadHeaders() throws Exception {
        connect(Map.of("maxFileMb", "1"));
        String token = visitor();

        WebhookResponse stranger = post("/upload", Map.of("token", "B".repeat(43)), new byte[10]);
        WebhookResponse large = post("/upload", Map.of("token", token), new byte[1024 * 1024 + 1]);
        WebhookResponse empty = post("/upload", Map.of("token", token), new byte[0]);
        WebhookResponse badName = post("/upload", Map.of("token", token), new byte[1], "X-File-Name", "%zz");
        WebhookResponse badId = post("/upload", Map.of("token", token, "id", "x"), new byte[1]);

        assertThat(stranger.status()).isEqualTo(403);
        assertThat(large.status()).isEqualTo(413);
        assertThat(json(large).get("reason").asText()).isEqualTo("the file is larger than 1 MB");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badId.status()).isEqualTo(400);
        assertThat(json(badId).get("code").asText()).isEqualTo("malformed");
        assertThat(hub.history().stored).isEmpty();
        assertThat(hub.files).isEmpty();
    }

    @Test
    void limitsUploadsPerVisitor() throws Exception {
        connect(Map.of());
        String token = visitor();
        int refused = 0;
        for (int i = 0; i < 8; i++) {
            if (post("/upload", Map.of("token", token), new byte[] {1}).status() == 429) {
                refused++;
            }
        }
        assertThat(hub.history().stored).hasSize(5);
        assertThat(refused).isEqualTo(3);
    }

    @Test
    void storesTheOfflineFormWithTheVisitorsEmail() throws Exception {
        connect(Map.of("offlineForm", "true"));
        byte[] form = "{\"name\":\"Ann\",\"email\":\"ann@example.com\",\"message\":\"Call me\",\"id\":\"o-00000001\"}"
                .getBytes(StandardCharsets.UTF_8);

        WebhookResponse answer = post("/offline", Map.of(), form);

        assertThat(answer.status()).isEqualTo(200);
        String token = json(answer).get("token").asText();
        assertThat(WebchatVisitors.wellFormed(token)).isTrue();
        assertThat(json(answer).get("message").get("text").asText()).isEqualTo("Call me");
        assertThat(hub.history().stored).singleElement().satisfies(m -> {
            assertThat(m.externalChatId()).isEqualTo(WebchatVisitors.chatId(token));
            assertThat(m.sender().email()).isEqualTo("ann@example.com");
            assertThat(m.sender().displayName()).isEqualTo("Ann");
        });
        // the visitor's chat is the same afterwards
        assertThat(TestBrowser.connect(live, "https://hub.example", "10.0.0.9").hello(token).get("history"))
                .hasSize(1);
    }

    @Test
    void refusesABadOfflineFormAndStoresNothing() throws Exception {
        connect(Map.of("offlineForm", "true"));
        for (String body : new String[] {"{", "[]", "{\"message\":\"hi\"}",
                "{\"email\":\"nope\",\"message\":\"hi\"}", "{\"email\":\"a@b.example\",\"message\":\" \"}",
                "{\"email\":\"a@b.example\",\"message\":7}"}) {
            WebhookResponse answer = post("/offline", Map.of(), body.getBytes(StandardCharsets.UTF_8));
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(json(answer).get("reason").asText()).as(body).isNotBlank();
        }
        assertThat(hub.history().stored).isEmpty();

        connect(Map.of());
        assertThat(post("/offline", Map.of(), "{}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(404);
    }

    @Test
    void answersUnknownPathsAndMethodsAndPreflights() throws Exception {
        connect(Map.of());
        assertThat(get("/admin", Map.of()).status()).isEqualTo(404);
        assertThat(get("", Map.of()).status()).isEqualTo(404);
        assertThat(get("/files/1/x", Map.of()).status()).isEqualTo(404);
        assertThat(get("/upload", Map.of()).status()).isEqualTo(405);
        assertThat(post("/frame", Map.of(), new byte[0]).status()).isEqualTo(405);
        WebhookResponse preflight = http.handle(request("OPTIONS", "/upload", Map.of(), null));
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.headers()).doesNotContainKey("Access-Control-Allow-Origin");
    }
}
