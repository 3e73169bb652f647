package org.lineshub.hub.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium of the system, driven through the system's chromedriver (named explicitly, so Selenium
 * Manager never looks for or downloads a browser). Finds elements by their {@code data-testid}, waits explicitly
 * for what a test expects (never sleeps), saves screenshots to {@code target/screenshots/}, and collects the
 * browser console so a test can assert that a page logged no error.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMEDRIVER = Path.of(System.getProperty("ui.chromedriver", "/usr/bin/chromedriver"));
    static final Path CHROMIUM = Path.of(System.getProperty("ui.chromium", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /**
     * Selenium warns on every start that it has no DevTools binding for this browser's version; these tests use
     * none. Held here, as java.util.logging keeps loggers only weakly.
     */
    private static final List<Logger> QUIET = List.of(quiet("org.openqa.selenium.devtools.CdpVersionFinder"),
            quiet("org.openqa.selenium.chromium.ChromiumDriver"));

    /** How long a test waits for what the UI shows after a click, an event or a page load. */
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final String name;
    private final ChromeDriver driver;
    private final List<String> console = new ArrayList<>();
    /** How much taller the window is than the page's viewport. */
    private final int frameHeight;

    private Browser(String name, int width, int height) {
        this.name = name;
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height, "--lang=en-US",
                // the first-run and password manager UI only slows a fresh profile down
                "--no-first-run", "--no-default-browser-check", "--disable-search-engine-choice-screen",
                // keeps a cross-origin frame (the web chat's) in its page's process, so the browser log the driver
                // reads has the frame's console too; the frame stays cross-origin to the page all the same
                "--disable-site-isolation-trials");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en",
                "credentials_enable_service", false, "profile.password_manager_enabled", false));
        // a page that never finishes loading fails its test soon instead of after WebDriver's five minutes
        options.setPageLoadTimeout(WAIT.multipliedBy(2));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        this.driver = new ChromeDriver(service, options);
        this.frameHeight = ((Number) script("return window.outerHeight - window.innerHeight")).intValue();
    }

    /**
     * Starts a browser showing pages at 1280x800.
     *
     * @param name names it in failure messages (e.g. "operator")
     */
    static Browser desktop(String name) {
        Browser browser = new Browser(name, 1280, 800);
        browser.resize(1280, 800);
        return browser;
    }

    WebDriver driver() {
        return driver;
    }

    /** Opens a URL and waits until its document has loaded. */
    void open(String url) {
        driver.get(url);
        waitUntil("the page " + url + " loaded",
                d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /** Reloads the page, as a user pressing F5. */
    void reload() {
        driver.navigate().refresh();
        waitUntil("the page reloaded",
                d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /**
     * Sizes the window so that the page gets exactly this viewport (e.g. 390x800 for a phone): a headless window's
     * size includes the browser's own frame.
     */
    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height + frameHeight));
        waitUntil("a viewport of " + width + "x" + height,
                d -> script("return window.innerWidth + 'x' + window.innerHeight").equals(width + "x" + height));
    }

    /** @return a locator of the elements with this {@code data-testid} */
    static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    /** @return the visible element with this {@code data-testid}, once there is one */
    WebElement find(String testId) {
        return visible(testId(testId));
    }

    /** @return the first visible element the locator finds, once there is one */
    WebElement visible(By by) {
        return waitUntil("a visible " + by, d -> d.findElements(by).stream().filter(this::displayed).findFirst()
                .orElse(null));
    }

    /** @return the visible element with this {@code data-testid} inside another, once there is one */
    WebElement find(SearchContext parent, String testId) {
        return waitUntil("a visible " + testId + " inside " + parent, d -> parent.findElements(testId(testId))
                .stream().filter(this::displayed).findFirst().orElse(null));
    }

    /** @return whether an element the locator finds is visible now (no wait) */
    boolean visibleNow(By by) {
        return driver.findElements(by).stream().anyMatch(this::displayed);
    }

    /** @return the elements with this {@code data-testid} now (no wait) */
    List<WebElement> all(String testId) {
        return driver.findElements(testId(testId));
    }

    /** Clicks the visible element with this {@code data-testid} once it is enabled. */
    void click(String testId) {
        click(testId(testId));
    }

    /** Clicks the first visible, enabled element the locator finds. */
    void click(By by) {
        waitUntil("a clickable " + by, d -> {
            for (WebElement e : d.findElements(by)) {
                if (displayed(e) && e.isEnabled()) {
                    e.click();
                    return true;
                }
            }
            return null;
        });
    }

    /** Replaces the text of the visible input with this {@code data-testid}. */
    void type(String testId, String text) {
        type(testId(testId), text);
    }

    /** Replaces the text of the first visible input the locator finds. */
    void type(By by, String text) {
        WebElement input = visible(by);
        input.clear();
        input.sendKeys(text);
    }

    /** Chooses the option with this value in the visible select with this {@code data-testid}, once it exists. */
    void select(String testId, String value) {
        WebElement select = find(testId);
        waitUntil("option " + value + " in " + testId,
                d -> select.findElements(By.cssSelector("option[value='" + value + "']")).isEmpty() ? null : true);
        new Select(select).selectByValue(value);
    }

    /**
     * Opens the hub's web UI and waits until it knows who is logged in: the login form or the shell shows.
     *
     * @param url the hub's page, e.g. {@code http://localhost:8080/}
     * @return whether a user is logged in
     */
    boolean openHub(String url) {
        open(url);
        // a wait ends on any value but null and false: name the state
        return "shell".equals(waitUntil("the login form or the shell", d -> visibleNow(testId("logout")) ? "shell"
                : visibleNow(By.name("username")) ? "login" : null));
    }

    /** Logs in through the login form and waits for the shell (its logout button). */
    void login(String username, String password) {
        type(By.name("username"), username);
        type(By.name("password"), password);
        click(By.cssSelector("button[type='submit']"));
        find("logout");
    }

    /** Logs out through the top bar and waits for the login form. */
    void logout() {
        click("logout");
        visible(By.name("username"));
    }

    /** @return the value a script returns in the page */
    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Waits until the condition returns something other than {@code null} or {@code false}; an element going stale
     * while the UI re-renders only means "not yet".
     *
     * @param what says what was expected, for the failure message
     */
    <T> T waitUntil(String what, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
                    .ignoring(StaleElementReferenceException.class)
                    .withMessage(() -> name + " browser: expected " + what + " at " + driver.getCurrentUrl())
                    .until(condition);
        } catch (TimeoutException e) {
            screenshot("failed-" + name);
            throw e;
        }
    }

    /** Saves what the window shows to {@code target/screenshots/<name>.png}. */
    Path screenshot(String file) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(file + ".png");
            Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The console problems logged since the last call: every error (uncaught exceptions, failed requests such as a
     * 404 of an asset or a favicon, CSP violations), every Vue warning, and every text the UI showed in English
     * because the current language lacks it (the i18n module records those in {@code window.__i18nMissing}).
     *
     * @return the problems, one line each; empty when the page is clean
     */
    List<String> consoleProblems() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            boolean error = entry.getLevel().intValue() >= Level.SEVERE.intValue();
            if (error || entry.getMessage().contains("[Vue warn]")) {
                console.add(entry.getLevel() + " " + entry.getMessage());
            }
        }
        Object missing = script("return window.__i18nMissing ? window.__i18nMissing.slice() : []");
        if (missing instanceof List<?> keys && !keys.isEmpty()) {
            console.add("texts missing in a language: " + keys);
            script("window.__i18nMissing.length = 0");
        }
        List<String> problems = List.copyOf(console);
        console.clear();
        return problems;
    }

    /** Fails when the console logged a problem since the last check (see {@link #consoleProblems()}). */
    void assertCleanConsole() {
        List<String> problems = consoleProblems();
        if (!problems.isEmpty()) {
            throw new AssertionError(name + " browser logged problems at " + driver.getCurrentUrl() + ":\n  "
                    + String.join("\n  ", problems));
        }
    }


    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    private boolean displayed(WebElement e) {
        return e.isDisplayed();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
