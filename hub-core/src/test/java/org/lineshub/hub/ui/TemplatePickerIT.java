package org.lineshub.hub.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lineshub.hub.support.Fixtures;
import org.lineshub.hub.support.HubIT;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Reply templates in a real browser: an operator types "/при" in the reply box, the picker lists the template with a
 * Cyrillic tag, Enter puts the text the hub filled in (with the client's name) in the box, Enter sends it, and the
 * client on the loopback platform receives it. An admin creates a template on the Templates page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplatePickerIT extends HubIT {

    private Fixtures fixtures;
    private Fixtures.User operator;
    private long line;
    private Fixtures.Account loopback;
    private Browser browser;

    @BeforeAll
    void lineAndBrowser() {
        fixtures = fixtures();
        operator = fixtures.user("Olga Operator");
        line = fixtures.staffedLine("Shop", Map.of("routingMode", "MANUAL"), List.of(operator), List.of());
        loopback = fixtures.loopback(line);
        browser = Browser.desktop("operator");
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void consoleStaysClean() {
        browser.assertCleanConsole();
    }

    private void loginAs(String username, String password) {
        if (browser.openHub("http://localhost:" + PORT + "/")) {
            browser.logout();
        }
        browser.login(username, password);
    }

    @Test
    void anOperatorTypesACyrillicTagAndTheClientReceivesTheFilledInTemplate() {
        long suffix = Fixtures.unique();
        String tag = "привет" + suffix;
        long template = admin().post("/api/v1/templates", Map.of("name", "Приветствие", "tag", tag,
                "text", "Здравствуйте, {client.name}! Чем помочь?", "lineIds", List.of(line))).ok().get("id")
                .asLong();
        admin().post("/api/v1/templates", Map.of("name", "Other", "tag", "bye" + suffix, "text", "Bye",
                "lineIds", List.of(line))).ok();
        long chat = Fixtures.unique();
        long session = fixtures.clientWrites(loopback, chat, "Добрый день");
        Fixtures.status(operator, "ONLINE");
        operator.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();

        loginAs(operator.username(), operator.password());
        browser.open("http://localhost:" + PORT + "/#/inbox/" + session);
        WebElement box = browser.find("reply-text");
        box.sendKeys("/при");

        WebElement picker = browser.find("template-picker");
        WebElement option = browser.waitUntil("the Cyrillic template offered", d -> picker.findElements(
                Browser.testId("template-option")).stream()
                .filter(o -> Long.toString(template).equals(o.getAttribute("data-template-id")))
                .findFirst().orElse(null));
        assertThat(option.getAttribute("role")).isEqualTo("option");
        assertThat(picker.findElement(By.cssSelector("[role='listbox']")).getText()).contains("/" + tag)
                .doesNotContain("/bye" + suffix);
        assertThat(box.getAttribute("aria-expanded")).isEqualTo("true");
        browser.screenshot("template-picker");
        // the newest template comes first only by tag order: choose ours with the keyboard
        List<WebElement> options = picker.findElements(Browser.testId("template-option"));
        for (int i = 0; i < options.indexOf(option); i++) {
            box.sendKeys(Keys.ARROW_DOWN);
        }
        browser.waitUntil("our template active", d -> "true".equals(option.getAttribute("aria-selected")));
        box.sendKeys(Keys.ENTER);

        String expected = "Здравствуйте, Client" + chat + "! Чем помочь?";
        browser.waitUntil("the filled-in text in the box", d -> expected.equals(box.getAttribute("value")));
        assertThat(browser.visibleNow(Browser.testId("template-picker"))).isFalse();
        box.sendKeys(Keys.ENTER);

        assertThat(loopback.platform().awaitSent(1, Duration.ofSeconds(15)))
                .anyMatch(sent -> sent.text().equals(expected) && sent.chat().equals(Long.toString(chat)));
        browser.waitUntil("the box empty again", d -> box.getAttribute("value").isEmpty());
    }

    @Test
    void escapeClosesThePickerAndLeavesTheTypedText() {
        long session = fixtures.clientWrites(loopback, Fixtures.unique(), "hello");
        Fixtures.status(operator, "ONLINE");
        operator.api().post("/api/v1/sessions/" + session + "/take", Map.of()).ok();

        loginAs(operator.username(), operator.password());
        browser.open("http://localhost:" + PORT + "/#/inbox/" + session);
        WebElement box = browser.find("reply-text");
        box.sendKeys("/");
        browser.find("template-picker");
        box.sendKeys(Keys.ESCAPE);

        browser.waitUntil("the picker closed", d -> !browser.visibleNow(Browser.testId("template-picker")));
        assertThat(box.getAttribute("value")).isEqualTo("/");
    }

    @Test
    void anAdminCreatesATemplateOnTheTemplatesPage() {
        String tag = "доставка" + Fixtures.unique();
        loginAs("admin", org.lineshub.hub.support.TestHub.ADMIN_PASSWORD);
        browser.open("http://localhost:" + PORT + "/#/admin/templates");
        browser.click("template-create");
        browser.type("template-name", "Delivery");
        browser.type("template-tag", tag);
        browser.type("template-text", "Доставка на линии {line.name}");
        browser.click("template-save");

        WebElement row = browser.waitUntil("the new template's row", d -> d.findElements(Browser.testId("template-row"))
                .stream().filter(r -> r.getText().contains("/" + tag)).findFirst().orElse(null));
        assertThat(row.getText()).contains("Delivery");
        browser.screenshot("admin-templates");

        browser.click("template-create");
        browser.type("template-name", "Bad");
        browser.type("template-tag", "bad" + Fixtures.unique());
        browser.type("template-text", "Order {order.id}");
        browser.click("template-save");
        WebElement error = browser.visible(By.cssSelector(".modal .field-error, .modal .form-error"));
        assertThat(error.getText()).contains("{order.id}");
        // a refused save is the 400 the form shows: the browser still logs it
        assertThat(browser.consoleProblems()).allMatch(p -> p.contains("/api/v1/templates") && p.contains("400"));
    }
}
