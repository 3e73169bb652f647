package org.lineshub.hub.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubIT;
import org.lineshub.hub.support.TestHub;
import org.openqa.selenium.By;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;

/**
 * The web chat end to end, in two browsers: a visitor on a shop's website (another origin than the hub's) writes in
 * the widget the page embeds; an operator watching the inbox sees the session arrive in the queue without reloading,
 * takes it and answers; the visitor sees the answer in the widget. The webchat plugin's real jar runs in the hub.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebChatWidgetIT extends HubIT {

    private static final String VISITOR = "Anna Visitor";

    private Fixtures.User operator;
    private String key;
    private HostPage site;
    private Browser visitor;
    private Browser staff;

    @BeforeAll
    void pluginSiteAndBrowsers() throws IOException {
        installWebchat();
        Fixtures fixtures = fixtures();
        operator = fixtures.user("Olga Chat");
        long line = fixtures.staffedLine("Web shop", Map.of("routingMode", "MANUAL", "showOperatorName", true), List.of(operator), List.of());
        Fixtures.status(operator, "ONLINE");
        site = HostPage.start();
        JsonNode account = admin().post("/api/v1/channel-accounts", Map.of("type", "webchat",
                "name", "shop chat " + Fixtures.unique(), "lineId", line,
                "settings", Map.of("allowedOrigins", site.origin()))).ok();
        assertThat(account.get("status").asText()).isEqualTo("RUNNING");
        String path = account.get("webhookPath").asText();
        key = path.substring(path.lastIndexOf('/') + 1);
        // the snippet the plugin documents, with the hub on another host name than the page's
        site.embed("<script src=\"" + hub() + "/webhooks/" + key + "/widget.js\" data-lang=\"en\" data-name=\""
                + VISITOR + "\" data-email=\"anna@example.com\" async></script>");
        visitor = Browser.desktop("visitor");
        staff = Browser.desktop("operator");
    }

    /** The webchat plugin's jar the build copied, uploaded as an admin would (once per hub). */
    private static void installWebchat() throws IOException {
        if (admin().get("/api/v1/plugins/webchat").status() == 200) {
            return;
        }
        Path jar = TestHub.bundledPlugins().resolve("webchat.jar");
        JsonNode plugin = admin().postFile("/api/v1/plugins", "file", "webchat.jar", "application/java-archive",
                Files.readAllBytes(jar), Map.of()).ok();
        assertThat(plugin.get("state").asText()).isEqualTo("STARTED");
    }

    @AfterAll
    void closeAll() {
        if (visitor != null) {
            visitor.close();
        }
        if (staff != null) {
            staff.close();
        }
        if (site != null) {
            site.close();
        }
    }

    @AfterEach
    void consolesStayClean() {
        visitor.driver().switchTo().defaultContent();
        visitor.assertCleanConsole();
        staff.assertCleanConsole();
    }

    private static String hub() {
        return "http://localhost:" + PORT;
    }

    @Test
    void visitorOnAnotherSiteChatsLiveWithAnOperator() {
        if (staff.openHub(hub() + "/")) {
            staff.logout();
        }
        staff.login(operator.username(), operator.password());
        staff.click("group-queue");
        staff.script("window.__notReloaded = true");
        staff.assertCleanConsole();

        visitor.open(site.origin() + "/");
        assertThat(visitor.driver().getCurrentUrl()).startsWith("http://127.0.0.1:");
        SearchContext widget = widget();
        WebElement launcher = visitor.waitUntil("the chat button", d -> widget.findElements(
                By.cssSelector("button[aria-label^='Open chat']")).stream().findFirst().orElse(null));
        launcher.click();
        WebElement frame = visitor.waitUntil("the chat frame", d -> widget.findElements(
                By.cssSelector("iframe[title='Chat with us']")).stream().findFirst().orElse(null));
        visitor.driver().switchTo().frame(frame);
        visitor.type(By.cssSelector("textarea[aria-label='Write a message…']"), "Do you deliver on Sundays?");
        visitor.click(By.cssSelector("button[aria-label='Send']"));
        WebElement log = visitor.visible(By.cssSelector("[role='log'][aria-label='Messages']"));
        visitor.waitUntil("the message stored", d -> log.getText().contains("Do you deliver on Sundays?")
                && !log.getText().contains("Sending…"));

        WebElement row = staff.waitUntil("the visitor's session in the queue", d -> d.findElements(
                Browser.testId("session-row")).stream().filter(r -> r.getText().contains(VISITOR)).findFirst()
                .orElse(null));
        long session = Long.parseLong(row.getAttribute("data-session-id"));
        assertThat(row.getText()).contains("webchat");
        assertThat(staff.script("return window.__notReloaded === true")).as("no reload").isEqualTo(true);
        staff.screenshot("widget-inbox");

        staff.click(By.cssSelector("[data-testid='session-row'][data-session-id='" + session + "']"));
        WebElement conversation = staff.find("conversation");
        staff.waitUntil("the visitor's message", d -> conversation.findElements(Browser.testId("message")).stream()
                .anyMatch(m -> "INBOUND".equals(m.getAttribute("data-direction"))
                        && m.getText().contains("Do you deliver on Sundays?")));
        staff.click("action-take");
        staff.type("reply-text", "Yes, from 10 to 18.");
        staff.click("reply-send");
        WebElement answer = staff.waitUntil("the answer delivered to the open chat", d -> conversation.findElements(
                Browser.testId("message")).stream().filter(m -> "OUTBOUND".equals(m.getAttribute("data-direction"))
                        && m.getText().contains("Yes, from 10 to 18.")
                        && List.of("DELIVERED", "READ").contains(m.getAttribute("data-status")))
                .findFirst().orElse(null));
        staff.screenshot("widget-conversation");

        visitor.waitUntil("the answer in the widget", d -> log.getText().contains("Yes, from 10 to 18."));
        assertThat(log.getText()).as("the line shows clients who answered").contains("Olga Chat");
        // the visitor has the chat open and in view: the operator learns that the answer was read
        By answered = By.cssSelector("[data-testid='message'][data-message-id='"
                + answer.getAttribute("data-message-id") + "']");
        staff.waitUntil("the answer READ", d -> "READ".equals(d.findElement(answered).getAttribute("data-status")));
        visitor.driver().switchTo().defaultContent();
        visitor.screenshot("widget");
        JsonNode stored = admin().get("/api/v1/sessions/" + session).ok();
        assertThat(stored.get("clientName").asText()).isEqualTo(VISITOR);
        assertThat(stored.get("operatorId").asLong()).isEqualTo(operator.id());
    }

    /** The widget's one element on the page; its button and frame live in a closed shadow root. */
    private SearchContext widget() {
        WebElement host = visitor.waitUntil("the widget on the page",
                d -> d.findElements(By.cssSelector("[data-lineshub-chat]")).stream().findFirst().orElse(null));
        // chromedriver reaches closed shadow roots too, as assistive technology does
        return host.getShadowRoot();
    }
}
