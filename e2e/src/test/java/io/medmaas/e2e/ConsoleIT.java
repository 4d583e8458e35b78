package io.medmaas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medmaas.launcher.Stack;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The web console in a real headless Chromium against the whole platform: people sign in at their
 * own hospital's Keycloak realm (authorization code flow with PKCE), see what their role allows,
 * and sign out of the console and the provider alike; an idle session ends by itself. Every page is
 * screenshotted under {@code e2e/target/screenshots} and checked by axe-core.
 */
@org.junit.jupiter.api.extension.ExtendWith(LocalPlatform.class)
@Order(5)
class ConsoleIT {

  private static String console;

  @BeforeAll
  static void browserPresent() {
    boolean required = "true".equals(System.getenv("CI"));
    if (!Browser.available()) {
      if (required) {
        throw new IllegalStateException(
            "CI runs the browser tests: install chromium chromium-driver");
      }
      Assumptions.abort("no chromium here (apt-get install chromium chromium-driver)");
    }
    Stack stack = LocalPlatform.stack();
    console = stack.config().url(stack.config().uiPort());
  }

  @Test
  void aVisitorSeesOnlyTheSignInPageAndNoHospital() {
    try (Browser browser = new Browser()) {
      browser.open(console + "/audit");
      assertEquals(console + "/login", browser.url(), "every page sends a visitor to sign in");
      String page = browser.driver.getPageSource();
      for (String hospital : List.of("aurora", "cedar", "Aurora", "Cedar")) {
        assertFalse(page.contains(hospital), "no hospital is named to a visitor: " + hospital);
      }
      browser.check("login");
      browser.driver.findElement(By.id("hospital")).sendKeys("no-such-hospital");
      browser.driver.findElement(By.cssSelector("form[action='/login'] button")).click();
      browser
          .waiting()
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.tagName("main"), "could not find"));
      browser.check("login-unknown-hospital");
    }
  }

  @Test
  void anAuditorSearchesTheLogAndVerifiesTheChain() {
    try (Browser browser = new Browser()) {
      browser.signIn(console, "aurora-general", "auditor.aurora");
      browser.check("dashboard-auditor");
      browser.driver.findElement(By.linkText("Audit")).click();
      browser.waiting().until(ExpectedConditions.urlToBe(console + "/audit"));
      List<WebElement> rows = browser.driver.findElements(By.cssSelector("table.records tbody tr"));
      assertFalse(rows.isEmpty(), "the hospital's records are listed");
      browser.driver.findElement(By.xpath("//button[text()='Verify the chain']")).click();
      browser
          .waiting()
          .until(
              ExpectedConditions.textToBePresentInElementLocated(By.id("verify-result"), "Intact"));
      browser.check("audit");
      // a filter the gateway refuses is said in words, not as a document
      browser.open(console + "/audit?outcome=abc");
      assertTrue(browser.text().contains("outcome"), browser.text());
      assertFalse(browser.driver.getPageSource().contains("\"type\""), "no problem document");
      browser.check("audit-refused-filter");
    }
  }

  @Test
  void aClinicianSeesTheModelsButNotTheAuditLog() {
    try (Browser browser = new Browser()) {
      // by work address: the domain names the hospital, the address fills in Keycloak's form
      browser.open(console + "/login");
      browser.driver.findElement(By.id("hospital")).sendKeys("dr.ada@aurora-general.example");
      browser.driver.findElement(By.cssSelector("form[action='/login'] button")).click();
      browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
      browser.driver.findElement(By.id("username")).clear();
      browser.keycloakLogin("dr.ada");
      browser.waiting().until(ExpectedConditions.urlToBe(console + "/"));
      assertTrue(browser.text().contains("breast-cancer-diagnosis"), "the entitled models");
      assertTrue(
          browser.driver.findElements(By.linkText("Audit")).isEmpty(), "no audit in the menu");
      browser.check("dashboard-clinician");
      browser.open(console + "/audit");
      assertTrue(browser.text().contains("Not allowed"), browser.text());
      browser.check("forbidden");
      // the session cookie: HttpOnly, SameSite, out of the page's reach; nothing in storage
      Cookie session = browser.driver.manage().getCookieNamed("q_session_aurora-general");
      assertNotNull(session, "a session cookie");
      assertTrue(session.isHttpOnly(), "HttpOnly");
      assertEquals("Lax", session.getSameSite());
      JavascriptExecutor js = (JavascriptExecutor) browser.driver;
      assertFalse(String.valueOf(js.executeScript("return document.cookie")).contains("q_session"));
      assertEquals(
          "[]",
          String.valueOf(
              js.executeScript(
                  "return JSON.stringify(Object.keys(localStorage).concat(Object.keys(sessionStorage)))")),
          "nothing in the browser's storage");
    }
  }

  @Test
  void anAdminSeesUsageAndSignsOutOfTheProviderToo() {
    try (Browser browser = new Browser()) {
      browser.signIn(console, "aurora-general", "admin.aurora");
      assertFalse(
          browser.driver.findElements(By.id("usage-chart")).isEmpty(), "the usage chart is drawn");
      browser.check("dashboard-admin");
      browser.driver.findElement(By.cssSelector("#logout-form button")).click();
      browser.waiting().until(ExpectedConditions.urlContains("/signed-out"));
      browser.check("signed-out");
      // the provider's session ended too: signing in again asks for the password
      browser.open(console + "/sign-in/aurora-general");
      browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
    }
  }

  @Test
  void aFormWithoutItsAntiForgeryTokenIsRefused() {
    try (Browser browser = new Browser()) {
      browser.signIn(console, "aurora-general", "auditor.aurora");
      JavascriptExecutor js = (JavascriptExecutor) browser.driver;
      js.executeScript(
          "document.querySelector('#logout-form input[name=csrf-token]').remove();"
              + "document.getElementById('logout-form').submit();");
      browser.waiting().until(ExpectedConditions.not(ExpectedConditions.urlToBe(console + "/")));
      assertTrue(browser.text().contains("not accepted"), browser.driver.getPageSource());
      browser.check("csrf-refused");
      browser.open(console + "/");
      assertEquals(console + "/", browser.url(), "still signed in: nothing was done");
    }
  }

  @Test
  void anIdleSessionEndsAfterAWarningAndEndsTheProvidersToo() throws Exception {
    Stack stack = LocalPlatform.stack();
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String idleConsole = stack.config().url(port);
    stack.startVariant(
        "ui",
        "ui-idle",
        port,
        Map.of(
            "medmaas.ui.public-url", idleConsole,
            "medmaas.ui.session.idle-timeout", "20S",
            "medmaas.ui.session.idle-warning", "10S"));
    stack.registerConsoles(List.of(console, idleConsole));
    try (Browser browser = new Browser()) {
      browser.signIn(idleConsole, "aurora-general", "dr.ada");
      long signedIn = System.nanoTime();
      new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(25))
          .until(ExpectedConditions.visibilityOfElementLocated(By.id("idle-dialog")));
      long warnedAfter = Duration.ofNanos(System.nanoTime() - signedIn).toSeconds();
      assertTrue(warnedAfter >= 8, "the warning comes near the end, not at once: " + warnedAfter);
      browser.check("idle-warning");
      new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(40))
          .until(ExpectedConditions.urlContains("/signed-out?reason=idle"));
      assertTrue(browser.text().contains("not used for a while"), browser.text());
      browser.open(idleConsole + "/sign-in/aurora-general");
      browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
    }
  }
}
