package dev.vibegrapher.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's headless Chromium, driven through the system's ChromeDriver (never a downloaded
 * browser), with a screenshot of every step under target/screenshots/{test}.
 */
public final class Browser implements AutoCloseable {

  public static final Duration PATIENCE = Duration.ofSeconds(30);

  private final ChromeDriver driver;
  private final Path screenshots;
  private final Path profile;
  private int step;
  private String token;
  private final java.util.Set<String> loggedIn = new java.util.HashSet<>();

  private Browser(ChromeDriver driver, Path screenshots, Path profile) {
    this.driver = driver;
    this.screenshots = screenshots;
    this.profile = profile;
  }

  public static Browser open(String testName) {
    String chromium =
        setting("vibegrapher.test.chromium", "VIBEGRAPHER_TEST_CHROMIUM", "/usr/bin/chromium");
    String chromedriver =
        setting(
            "vibegrapher.test.chromedriver",
            "VIBEGRAPHER_TEST_CHROMEDRIVER",
            "/usr/bin/chromedriver");
    if (!Files.isExecutable(Path.of(chromium)) || !Files.isExecutable(Path.of(chromedriver))) {
      throw new IllegalStateException(
          "The browser tests need Chromium and ChromeDriver (Debian: apt-get install chromium chromium-driver);"
              + " looked for "
              + chromium
              + " and "
              + chromedriver
              + " (VIBEGRAPHER_TEST_CHROMIUM / VIBEGRAPHER_TEST_CHROMEDRIVER name others)");
    }
    try {
      Path profile = Files.createTempDirectory("vibegrapher-chromium");
      ChromeOptions options = new ChromeOptions().setBinary(chromium);
      // The closed network refuses Chromium's own background connections: keep it from trying.
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--window-size=1440,900",
          "--user-data-dir=" + profile);
      LoggingPreferences logging = new LoggingPreferences();
      logging.enable(LogType.BROWSER, Level.ALL);
      // The performance log carries the WebSocket frames the page saw, written out when a wait
      // fails.
      logging.enable(LogType.PERFORMANCE, Level.ALL);
      options.setCapability("goog:loggingPrefs", logging);
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(Path.of(chromedriver).toFile())
              .usingAnyFreePort()
              .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      Path screenshots = Path.of("target", "screenshots", testName);
      Files.createDirectories(screenshots);
      return new Browser(driver, screenshots, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Logs in with this token on each origin the browser goes to, as a person opening the printed
   * login link.
   */
  public Browser loggedInWith(String token) {
    this.token = token;
    return this;
  }

  public void go(URI uri) {
    String origin = uri.getScheme() + "://" + uri.getAuthority();
    if (token != null && loggedIn.add(origin)) {
      driver.get(origin + "/#token=" + token);
      until(page -> !page.findElement(By.id("who")).getText().isBlank());
    }
    driver.get(uri.toString());
  }

  public void reload() {
    driver.navigate().refresh();
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The first element matching css once it is displayed. */
  public WebElement await(String css) {
    return until(
        d ->
            d.findElements(By.cssSelector(css)).stream()
                .filter(WebElement::isDisplayed)
                .findFirst()
                .orElse(null));
  }

  /** Waits until an element matching css shows text containing the given words, and returns it. */
  public WebElement awaitText(String css, String text) {
    try {
      return until(
          d ->
              d.findElements(By.cssSelector(css)).stream()
                  .filter(e -> e.getText().contains(text))
                  .findFirst()
                  .orElse(null));
    } catch (TimeoutException e) {
      List<String> shown =
          driver.findElements(By.cssSelector(css)).stream()
              .map(
                  element ->
                      "displayed="
                          + element.isDisplayed()
                          + " text="
                          + element.getText()
                          + " | content="
                          + element.getAttribute("textContent"))
              .toList();
      throw new TimeoutException("no " + css + " showed \"" + text + "\"; they show " + shown, e);
    }
  }

  public <T> T until(Function<WebDriver, T> condition) {
    // The page re-renders parts of itself as events arrive: an element found a moment ago may be
    // gone.
    try {
      return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(50))
          .ignoring(StaleElementReferenceException.class)
          .until(condition);
    } catch (TimeoutException e) {
      saveEvidence();
      throw e;
    }
  }

  /**
   * What a failed wait leaves for whoever reads the CI report: the page, its console and its
   * WebSocket frames.
   */
  private void saveEvidence() {
    try {
      screenshot("timed-out");
      Files.write(screenshots.resolve("console.log"), lines(LogType.BROWSER, entry -> true));
      Files.write(
          screenshots.resolve("websocket.log"),
          lines(
              LogType.PERFORMANCE, entry -> entry.getMessage().contains("Network.webSocketFrame")));
    } catch (IOException | RuntimeException evidenceLost) {
      System.err.println("no evidence saved for " + screenshots + ": " + evidenceLost);
    }
  }

  private List<String> lines(String logType, Predicate<LogEntry> wanted) {
    return driver.manage().logs().get(logType).getAll().stream()
        .filter(wanted)
        .map(
            entry ->
                Instant.ofEpochMilli(entry.getTimestamp())
                    + " "
                    + entry.getLevel()
                    + " "
                    + entry.getMessage())
        .toList();
  }

  /**
   * Clicks the element matching css once it is displayed, finding it again if the page re-rendered
   * it.
   */
  public void click(String css) {
    until(
        d -> {
          await(css).click();
          return true;
        });
  }

  /**
   * Waits until an element matching css exists, displayed or not (on a phone, a hidden tab's
   * panel).
   */
  public WebElement present(String css) {
    return until(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
  }

  public Object script(String javascript, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
  }

  /** Exactly this CSS viewport, as a phone or a wide screen shows the page. */
  public void viewport(int width, int height) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
  }

  /** Emulates the OS's colour scheme: "light" or "dark". */
  public void colorScheme(String scheme) {
    driver.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
  }

  /**
   * Saves the page as it looks now as the test's next numbered screenshot, and returns the file.
   */
  public Path screenshot(String name) {
    try {
      Path file = screenshots.resolve(String.format("%02d-%s.png", ++step, name));
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What the page sent and received since the last call, as DevTools reported it (requests with
   * their headers, WebSocket handshakes): each entry's time and its raw message. Reading empties
   * Chromium's log, so a test reads it once, after the steps it checks.
   */
  public List<Map.Entry<Instant, String>> networkSinceLastRead() {
    return driver.manage().logs().get(LogType.PERFORMANCE).getAll().stream()
        .filter(entry -> entry.getMessage().contains("\"Network."))
        .map(entry -> Map.entry(Instant.ofEpochMilli(entry.getTimestamp()), entry.getMessage()))
        .toList();
  }

  /** The windows the browser has open (a login popup adds one). */
  public int windows() {
    return driver.getWindowHandles().size();
  }

  /**
   * The page's uncaught script errors and Content-Security-Policy refusals so far (network failures
   * are not among them).
   */
  public List<String> scriptErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(
            message -> message.contains("Uncaught") || message.contains("Content Security Policy"))
        .toList();
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary profile left behind is harmless
    }
  }

  private static String setting(String property, String variable, String fallback) {
    String value = System.getProperty(property, System.getenv(variable));
    return value == null || value.isBlank() ? fallback : value;
  }
}
