package org.lineshub.hub.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
import org.lineshub.hub.support.TestPlugins;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web UI in a real browser against a running hub: logging in, the page's script policy, the language switch, an
 * operator seeing a new session arrive and answering it, a supervisor handing a session from one operator to another
 * while the other watches their inbox, an admin uploading a plugin and connecting a channel account through the form
 * the plugin's settings generate, and the inbox on a phone. Sessions come from the loopback channel. Every page
 * visited must leave the browser console clean. Screenshots of each screen go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiIT extends HubIT {

    private Fixtures fixtures;
    private Fixtures.User first;
    private Fixtures.User second;
    private Fixtures.User supervisor;
    private long line;
    private Fixtures.Account loopback;

    /** The browser each test logs in to as whoever acts. */
    private Browser staff;
    /** A second user watching their inbox at the same time. */
    private Browser watcher;

    @BeforeAll
    void hubAndBrowsers() {
        fixtures = fixtures();
        first = fixtures.user("Olga First");
        second = fixtures.user("Oleg Second");
        supervisor = fixtures.user("Sveta Supervisor");
        line = fixtures.staffedLine("Shop", Map.of("routingMode", "MANUAL"), List.of(first, second),
                List.of(supervisor));
        loopback = fixtures.loopback(line);
        staff = Browser.desktop("staff");
        watcher = Browser.desktop("watcher");
    }

    @AfterAll
    void closeBrowsers() {
        if (staff != null) {
            staff.close();
        }
        if (watcher != null) {
            watcher.close();
        }
    }

    /** Whatever a test did last must not have left an error in either console. */
    @AfterEach
    void consolesStayClean() {
        staff.assertCleanConsole();
        watcher.assertCleanConsole();
    }

    /** The hub's address as the browser opens it: another host name than the hub's public URL, on purpose. */
    private static String hub() {
        return "http://localhost:" + PORT;
    }

    /** Opens the hub logged in as this user, through the login form. */
    private static void loginAs(Browser browser, String username, String password) {
        if (browser.openHub(hub() + "/")) {
            browser.logout();
        }
        browser.login(username, password);
    }

    private static void loginAs(Browser browser, Fixtures.User user) {
        loginAs(browser, user.username(), user.password());
    }

    /** Marks the page, so a test can tell later that it was not reloaded since. */
    private static void markPage(Browser browser) {
        browser.script("window.__notReloaded = true");
    }

    private static void assertNotReloaded(Browser browser) {
        assertThat(browser.script("return window.__notReloaded === true"))
                .as("the page was updated in place, not reloaded").isEqualTo(true);
    }

    @Test
    void loginPageShowsTheFormWithACleanConsole() {
        if (staff.openHub(hub() + "/")) {
            staff.logout();
        }
        WebElement username = staff.visible(By.name("username"));
        assertThat(username.getAttribute("autocomplete")).isEqualTo("username");
        assertThat(staff.visible(By.name("password")).getAttribute("type")).isEqualTo("password");
        staff.find("language");
        staff.screenshot("login");
        staff.assertCleanConsole();

        staff.type(By.name("username"), first.username());
        staff.type(By.name("password"), "not-the-password");
        staff.click(By.cssSelector("button[type='submit']"));
        WebElement alert = staff.visible(By.cssSelector("form [role='alert']"));
        assertThat(alert.getText()).isEqualTo("Could not log in");
        // a refused login is the 401 the form expects, shown in the form: the browser still logs it
        assertThat(staff.consoleProblems()).allMatch(p -> p.contains("/api/v1/auth/login")
                && p.contains("status of 401"));

        staff.login(first.username(), first.password());
        assertThat(staff.driver().getCurrentUrl()).endsWith("#/inbox");
    }

    @Test
    void pagesAllowOnlyTheHubsOwnScriptFiles() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String path : new String[] {"/", "/index.html", "/ui/main.js"}) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base() + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            Map<String, String> policy = policy(page.headers().firstValue("Content-Security-Policy").orElse(""));
            String scripts = policy.getOrDefault("script-src", policy.get("default-src"));
            assertThat(scripts).as("script-src of " + path).isEqualTo("'self'");
            assertThat(policy.get("object-src")).as(path).isEqualTo("'none'");
            assertThat(policy.get("frame-ancestors")).as(path).isEqualTo("'none'");
            assertThat(String.join(";", policy.values())).as(path)
                    .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            if (path.endsWith("/") || path.endsWith(".html")) {
                assertThat(page.body()).as("every script of " + path + " is a file")
                        .containsPattern("<script[^>]*\\ssrc=").doesNotContainPattern("<script(?![^>]*\\ssrc=)");
            }
        }
    }

    @Test
    void languageSwitchChangesTheUiAndIsRemembered() {
        loginAs(staff, first);
        By inboxLink = By.cssSelector("header nav a[href='#/inbox']");
        assertThat(staff.visible(inboxLink).getText()).isEqualTo("Inbox");
        assertThat(staff.find("logout").getText()).isEqualTo("Log out");
        try {
            staff.select("language", "ru");
            staff.waitUntil("the nav in Russian", d -> d.findElement(inboxLink).getText().equals("Входящие"));
            assertThat(staff.find("logout").getText()).isEqualTo("Выйти");
            assertThat(staff.script("return document.documentElement.lang")).isEqualTo("ru");
            staff.screenshot("inbox-ru");
            staff.assertCleanConsole();

            staff.reload();
            assertThat(staff.visible(inboxLink).getText()).isEqualTo("Входящие");
            assertThat(staff.find("language").getAttribute("value")).isEqualTo("ru");
            staff.assertCleanConsole();

            staff.logout();
            assertThat(staff.visible(By.cssSelector("button[type='submit']")).getText())
                    .as("the login form speaks Russian too").isEqualTo("Войти");
        } finally {
            // the other tests read English texts
            staff.select("language", "en");
        }
        staff.waitUntil("the login form in English",
                d -> d.findElement(By.cssSelector("button[type='submit']")).getText().equals("Log in"));
    }

    @Test
    void operatorSeesANewSessionArriveTakesItAndAnswers() {
        Fixtures.status(first, "ONLINE");
        loginAs(staff, first);
        staff.click("group-queue");
        staff.waitUntil("Queue selected",
                d -> "true".equals(d.findElement(Browser.testId("group-queue")).getAttribute("aria-selected")));
        markPage(staff);
        staff.assertCleanConsole();

        long chat = Fixtures.unique();
        long session = fixtures.clientWrites(loopback, chat, "Is the blue teapot in stock?");
        WebElement row = staff.visible(sessionRow("session-row", session));
        assertThat(row.getText()).contains("Client" + chat).contains("loopback");
        assertNotReloaded(staff);
        staff.screenshot("inbox");

        staff.click(sessionRow("session-row", session));
        WebElement conversation = staff.find("conversation");
        staff.waitUntil("the client's message", d -> conversation.findElements(Browser.testId("message")).stream()
                .anyMatch(m -> "INBOUND".equals(m.getAttribute("data-direction"))
                        && m.getText().contains("Is the blue teapot in stock?")));
        staff.click("action-take");
        staff.type("reply-text", "Yes, three of them.");
        staff.click("reply-send");
        staff.waitUntil("the answer sent", d -> conversation.findElements(Browser.testId("message")).stream()
                .anyMatch(m -> "OUTBOUND".equals(m.getAttribute("data-direction"))
                        && m.getText().contains("Yes, three of them.")
                        && List.of("SENT", "DELIVERED", "READ").contains(m.getAttribute("data-status"))));
        assertThat(staff.find("reply-text").getAttribute("value")).as("the box is empty again").isEmpty();
        assertThat(loopback.platform().awaitSent(1, Duration.ofSeconds(10)))
                .anyMatch(sent -> sent.text().equals("Yes, three of them.")
                        && sent.chat().equals(Long.toString(chat)));
        assertAssignedTo(session, first);
        assertNotReloaded(staff);
        staff.screenshot("conversation");
    }

    @Test
    void supervisorReassignsASessionInThePanelAndTheOtherOperatorSeesItInMine() {
        long session = sessionOfTheFirstOperator("Where is my order?");
        watchMine(second, session);

        loginAs(staff, supervisor);
        staff.click(By.cssSelector("header nav a[href='#/supervisor']"));
        WebElement row = staff.visible(sessionRow("active-row", session));
        assertThat(row.getText()).contains(sessionClient(session)).contains("Olga First");
        WebElement operators = staff.find("operators-panel");
        staff.waitUntil("both operators in the panel", d -> operators.findElements(By.cssSelector(
                "[data-testid='operator-row'][data-user-id='" + first.id() + "'], "
                        + "[data-testid='operator-row'][data-user-id='" + second.id() + "']")).size() == 2);
        staff.screenshot("supervisor");
        staff.assertCleanConsole();

        staff.click(By.cssSelector(sessionSelector("active-row", session) + " [data-testid='action-assign']"));
        staff.select("assign-operator", Long.toString(second.id()));
        staff.type("assign-reason", "Oleg handles orders");
        staff.click("assign-submit");

        assertThat(watcher.visible(sessionRow("session-row", session)).getText()).contains(sessionClient(session));
        assertNotReloaded(watcher);
        assertAssignedTo(session, second);
        staff.waitUntil("the panel shows the new operator",
                d -> d.findElement(sessionRow("active-row", session)).getText().contains("Oleg Second"));
    }

    @Test
    void supervisorTransfersASessionFromItsConversation() {
        long session = sessionOfTheFirstOperator("Can I change the address?");
        watchMine(second, session);

        loginAs(staff, supervisor);
        staff.click(By.cssSelector("header nav a[href='#/supervisor']"));
        staff.click(By.cssSelector(sessionSelector("active-row", session) + " [data-testid='open-session']"));
        WebElement conversation = staff.find("conversation");
        staff.waitUntil("the client's message", d -> conversation.findElements(Browser.testId("message")).stream()
                .anyMatch(m -> "INBOUND".equals(m.getAttribute("data-direction"))
                        && m.getText().contains("Can I change the address?")));
        staff.assertCleanConsole();
        staff.click("action-transfer");
        staff.select("transfer-operator", Long.toString(second.id()));
        staff.type("transfer-reason", "Oleg handles addresses");
        staff.click("transfer-submit");

        assertThat(watcher.visible(sessionRow("session-row", session)).getText()).contains(sessionClient(session));
        assertNotReloaded(watcher);
        assertAssignedTo(session, second);
    }

    /** A client writes on the loopback channel and the first operator takes the session; returns it. */
    private long sessionOfTheFirstOperator(String text) {
        Fixtures.status(first, "ONLINE");
        Fixtures.status(second, "ONLINE");
        long session = fixtures.clientWrites(loopback, Fixtures.unique(), text);
        first.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();
        return session;
    }

    private static String sessionClient(long session) {
        return admin().get("/api/v1/sessions/" + session).ok().get("clientName").asText();
    }

    /** The watcher logs in as the user and keeps Mine open, which does not hold the session yet. */
    private void watchMine(Fixtures.User user, long session) {
        loginAs(watcher, user);
        watcher.click("group-mine");
        watcher.waitUntil("Mine selected",
                d -> "true".equals(d.findElement(Browser.testId("group-mine")).getAttribute("aria-selected")));
        assertThat(watcher.all("session-row")).noneMatch(r -> r.getAttribute("data-session-id")
                .equals(Long.toString(session)));
        markPage(watcher);
        watcher.assertCleanConsole();
    }

    private static void assertAssignedTo(long session, Fixtures.User operator) {
        JsonNode after = admin().get("/api/v1/sessions/" + session).ok();
        assertThat(after.get("status").asText()).isEqualTo("ASSIGNED");
        assertThat(after.get("operatorId").asLong()).isEqualTo(operator.id());
    }

    @Test
    void adminConnectsAChannelAccountThroughTheGeneratedSettingsForm() {
        String token = Fixtures.unique() + ":AAF" + Long.toHexString(Fixtures.unique()) + "x0123456789abcdefghijKLMN";
        TELEGRAM.bot(token);
        String name = "Shop bot " + Fixtures.unique();

        loginAs(staff, "admin", TestHub.ADMIN_PASSWORD);
        staff.click(By.cssSelector("header nav a[href='#/admin']"));
        staff.click("admin-nav-accounts");
        staff.click("account-create");
        staff.select("account-type", "telegram");
        staff.type("account-name", name);
        staff.select("account-line", Long.toString(line));
        staff.type("setting-botToken", token);
        staff.type("setting-apiBaseUrl", TELEGRAM.baseUrl());
        staff.type("setting-pollTimeoutSeconds", "1");
        staff.find("setting-mode");
        staff.screenshot("admin-account-form");
        staff.assertCleanConsole();
        staff.click("account-save");

        WebElement row = staff.waitUntil("the new account's row", d -> d.findElements(Browser.testId("account-row"))
                .stream().filter(r -> r.getText().contains(name)).findFirst().orElse(null));
        String id = row.getAttribute("data-account-id");
        staff.waitUntil("the account RUNNING", d -> "RUNNING".equals(d.findElement(By.cssSelector(
                "[data-testid='account-row'][data-account-id='" + id + "'] [data-testid='account-status']"))
                .getAttribute("data-status")));

        staff.click(By.cssSelector("[data-testid='account-row'][data-account-id='" + id + "'] "
                + "[data-testid='account-edit']"));
        WebElement webhook = staff.find("account-webhook-url");
        JsonNode account = admin().get("/api/v1/channel-accounts/" + id).ok();
        assertThat(account.get("status").asText()).isEqualTo("RUNNING");
        assertThat(account.get("lineId").asLong()).isEqualTo(line);
        assertThat(account.get("secretsSet").toString()).contains("botToken");
        assertThat(webhook.getAttribute("data-url")).isEqualTo(base() + account.get("webhookPath").asText())
                .contains("/webhooks/");
        assertThat(webhook.findElement(By.tagName("input")).getAttribute("value"))
                .isEqualTo(webhook.getAttribute("data-url"));
        assertThat(staff.find("account-form").findElement(By.cssSelector("[data-testid='account-status']"))
                .getAttribute("data-status")).isEqualTo("RUNNING");
        staff.screenshot("admin-account-running");
        staff.driver().findElement(By.cssSelector("[role='dialog'] header button")).click();
    }

    @Test
    void adminUploadsAPluginJar() throws Exception {
        String id = "ui-echo-" + Fixtures.unique();
        Path jar = TestPlugins.echoPlugin(TestHub.tempDir("ui-plugin"), id, id, false);

        loginAs(staff, "admin", TestHub.ADMIN_PASSWORD);
        staff.open(hub() + "/#/admin/plugins");
        staff.find("admin-page-plugins");
        staff.visible(By.cssSelector("[data-testid='plugin-upload']")).sendKeys(jar.toAbsolutePath().toString());
        assertThat(staff.find("plugin-upload-result").getText()).contains(id);
        By row = By.cssSelector("[data-testid='plugin-row'][data-plugin-id='" + id + "']");
        staff.waitUntil("the plugin STARTED", d -> "STARTED".equals(d.findElement(row)
                .findElement(Browser.testId("plugin-state")).getAttribute("data-state")));
        assertThat(staff.visible(row).getText()).contains(id).contains("1.0.0");
        assertThat(admin().get("/api/v1/plugins/" + id).ok().get("state").asText()).isEqualTo("STARTED");
        staff.screenshot("admin-plugins");
    }

    @Test
    void inboxFitsAPhoneScreen() {
        long session = fixtures.clientWrites(loopback, Fixtures.unique(), "Hello from a phone");
        loginAs(staff, first);
        try {
            staff.resize(390, 800);
            staff.click("group-queue");
            staff.visible(sessionRow("session-row", session));
            assertThat(staff.script("return document.documentElement.scrollWidth"))
                    .as("nothing wider than the phone").isEqualTo(390L);
            staff.screenshot("inbox-mobile");

            staff.click(sessionRow("session-row", session));
            staff.find("conversation");
            staff.find("conversation-back");
            assertThat(staff.script("return document.documentElement.scrollWidth")).isEqualTo(390L);
            staff.screenshot("conversation-mobile");
            staff.assertCleanConsole();
        } finally {
            staff.resize(1280, 800);
        }
    }

    private static String sessionSelector(String testId, long session) {
        return "[data-testid='" + testId + "'][data-session-id='" + session + "']";
    }

    private static By sessionRow(String testId, long session) {
        return By.cssSelector(sessionSelector(testId, session));
    }

    private static Map<String, String> policy(String header) {
        return Arrays.stream(header.split(";")).map(String::trim).filter(d -> !d.isEmpty())
                .collect(java.util.stream.Collectors.toMap(d -> d.split("\\s+", 2)[0],
                        d -> d.contains(" ") ? d.split("\\s+", 2)[1] : "", (a, b) -> a));
    }
}
