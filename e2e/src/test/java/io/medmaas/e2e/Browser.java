package io.medmaas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, set explicitly
 * so nothing is downloaded), for the console's browser tests: sign-in at a realm's Keycloak page, a
 * screenshot of each page under {@code target/screenshots}, and axe-core's accessibility rules run
 * in the page.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = LocalPlatform.home().resolve("e2e/target/screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AXE = axeSource();

  final WebDriver driver;
  private final Path profile;

  Browser() {
    try {
      profile = Files.createTempDirectory("medmaas-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1366,900",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  /** Whether this machine has the browser (CI installs it; see .ci/run). */
  static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
  }

  void open(String url) {
    driver.get(url);
  }

  String url() {
    return driver.getCurrentUrl();
  }

  String text() {
    return driver.findElement(By.tagName("body")).getText();
  }

  WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  /** From the console's sign-in page through the realm's Keycloak form, back to the console. */
  void signIn(String console, String hospital, String username) {
    open(console + "/login");
    driver.findElement(By.id("hospital")).sendKeys(hospital);
    driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
    keycloakLogin(username);
    waiting().until(ExpectedConditions.urlToBe(console + "/"));
  }

  /** Keycloak's own sign-in form. */
  void keycloakLogin(String username) {
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
    driver.findElement(By.id("username")).sendKeys(username);
    driver.findElement(By.id("password")).sendKeys("demo-password");
    driver.findElement(By.id("kc-login")).click();
  }

  /** Saves what the page shows as {@code target/screenshots/<name>.png}. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Path taken = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(taken, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** axe-core's violations of impact serious or critical on the page as it is now. */
  List<String> seriousViolations() {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    js.executeScript(AXE);
    Object found =
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "axe.run(document, {resultTypes: ['violations']})"
                    + ".then(r => done(JSON.stringify(r.violations)))"
                    + ".catch(e => done('ERROR ' + e));");
    String result = String.valueOf(found);
    if (result.startsWith("ERROR")) {
      throw new IllegalStateException("axe-core did not run: " + result);
    }
    List<String> serious = new ArrayList<>();
    try {
      for (JsonNode violation : JSON.readTree(result)) {
        String impact = violation.path("impact").asText();
        if (impact.equals("serious") || impact.equals("critical")) {
          serious.add(
              impact
                  + " "
                  + violation.path("id").asText()
                  + ": "
                  + violation.path("help").asText()
                  + " ("
                  + violation.path("nodes").size()
                  + " elements)");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return serious;
  }

  /** The page's screenshot is saved and axe-core finds nothing serious or critical on it. */
  void check(String name) {
    screenshot(name);
    assertEquals(List.of(), seriousViolations(), "accessibility of " + name);
  }

  private static String axeSource() {
    try (InputStream in = Browser.class.getResourceAsStream("/axe.min.js")) {
      if (in == null) {
        throw new IllegalStateException("axe.min.js is not on the test classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var paths = Files.walk(profile)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary profile left behind is harmless
    }
  }
}
