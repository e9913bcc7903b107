package org.sharpeyes.hub.testing;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/** Debian's Chromium, headless at 1920×1080 through chromedriver, for tests of the web UI; screenshots kept. */
public final class Chromium implements AutoCloseable {

    private static final Path SHOTS = Path.of("target", "ui-screenshots");

    private final ChromeDriver driver;

    private Chromium(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Starts a browser with a profile of its own (skips the test where the project's script has not installed it). */
    public static Chromium start() throws Exception {
        Rtsp.assumeInstalled("chromedriver");
        Path profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--autoplay-policy=no-user-gesture-required", "--window-size=1920,1080",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        Files.createDirectories(SHOTS);
        return new Chromium(new ChromeDriver(service, options));
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** The login page of the hub at {@code base}, whatever an earlier test left in the browser's storage. */
    public void loggedOut(String base) {
        driver.get(base + "/");
        driver.executeScript("localStorage.clear()");
        driver.get(base + "/");
        await().atMost(Duration.ofSeconds(10)).until(() -> !driver.findElements(By.id("login")).isEmpty());
    }

    /** Logs in through the login page and waits for the operator's screens. */
    public void logIn(String base, String username, String password) {
        loggedOut(base);
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("#login button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(15)).until(() -> !driver.findElements(By.id("logout")).isEmpty());
    }

    /** Opens a tab of the operator's screens and waits for it to show. */
    public void tab(String id, String section) {
        driver.findElement(By.id("tab-" + id)).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> driver.findElement(By.id(section)).isDisplayed());
    }

    /** What the page wrote to its console since the last call: where a test that waited in vain looks first. */
    public String console() {
        StringBuilder text = new StringBuilder();
        driver.manage().logs().get(LogType.BROWSER).forEach(entry -> text.append(entry.getLevel()).append(' ')
                .append(entry.getMessage()).append('\n'));
        return text.toString();
    }

    /** Saves what the browser shows as {@code target/ui-screenshots/NAME.png}. */
    public void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
