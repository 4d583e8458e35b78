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
  void aClinicianSeesTheModelsButNotTheAuditLog() throws Exception {
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
      assertTrue(browser.text().contains("ready"), "and whether they are served now");
      assertTrue(
          browser.driver.findElements(By.linkText("Audit")).isEmpty(), "no audit in the menu");
      browser.check("dashboard-clinician");
      java.time.Instant before = java.time.Instant.now().minusSeconds(1);
      browser.open(console + "/audit");
      assertTrue(browser.text().contains("Not allowed"), browser.text());
      browser.check("forbidden");
      assertTrue(refusalAudited("dr.ada", "audit.read", before), "the gateway audited the refusal");
      for (String adminPage : List.of("/keys", "/quotas", "/hospitals")) {
        browser.open(console + adminPage);
        assertTrue(browser.text().contains("Not allowed"), adminPage + ": " + browser.text());
      }
      // a link to another hospital's sign-in neither signs anyone out nor in
      browser.open(console + "/sign-in/cedar-valley");
      assertTrue(browser.text().contains("You are signed in at aurora-general"), browser.text());
      browser.check("signed-in-elsewhere");
      browser.open(console + "/");
      assertEquals(console + "/", browser.url(), "still signed in at Aurora General");
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
  void anAdminSeesUsageAndSignsOutOfTheProviderToo() throws Exception {
    try (Browser browser = new Browser()) {
      browser.signIn(console, "aurora-general", "admin.aurora");
      for (String chart : List.of("usage-chart", "latency-chart")) {
        assertFalse(browser.driver.findElements(By.id(chart)).isEmpty(), chart + " is drawn");
      }
      browser.check("dashboard-admin");
      Cookie session = browser.driver.manage().getCookieNamed("q_session_aurora-general");
      assertEquals("(none)", replay(session, "/"), "the cookie alone opens the dashboard");
      browser.driver.findElement(By.cssSelector("#logout-form button")).click();
      browser.waiting().until(ExpectedConditions.urlContains("/signed-out"));
      browser.check("signed-out");
      // the console holds the session no more: its cookie, replayed, opens nothing
      assertEquals("/login", replay(session, "/"), "an ended session is gone on the server too");
      // the provider's session ended too: signing in again asks for the password
      browser.open(console + "/sign-in/aurora-general");
      browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
    }
  }

  @Test
  void anAdminCreatesAKeyThePartnerUsesThenRevokesItAndNoOtherHospitalSeesIt() throws Exception {
    String prefix;
    try (Browser browser = new Browser()) {
      browser.signIn(console, "aurora-general", "admin.aurora");
      browser.driver.findElement(By.linkText("API keys")).click();
      browser.waiting().until(ExpectedConditions.urlToBe(console + "/keys"));
      browser.check("api-keys");
      browser.driver.findElement(By.id("key-name")).sendKeys("lab partner (console)");
      browser.driver.findElement(By.id("model-breast-cancer-diagnosis")).click();
      browser.driver.findElement(By.xpath("//button[text()='Create the key']")).click();
      WebElement field =
          browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("new-secret")));
      String secret = field.getAttribute("value");
      assertTrue(secret.startsWith("mk_live_"), "the whole key, shown once");
      assertTrue(browser.text().contains("shown this once"), "with the warning");
      browser.check("api-key-created");
      // the partner uses it, as with curl
      assertEquals(200, predictWithKey(secret, "breast-cancer-diagnosis"));
      assertEquals(403, predictWithKey(secret, "diabetes-progression"), "only its model");
      prefix = secret.substring(0, secret.indexOf('_', "mk_live_".length()) + 1);
      // listed without its secret, then revoked after a confirmation
      browser.open(console + "/keys");
      assertTrue(browser.text().contains(prefix), "listed by its prefix");
      assertFalse(browser.driver.getPageSource().contains(secret), "never the secret again");
      String id = prefix.substring("mk_live_".length(), prefix.length() - 1);
      browser.driver.findElement(By.cssSelector("a[href='/keys/" + id + "/revoke']")).click();
      browser.waiting().until(ExpectedConditions.urlContains("/revoke"));
      browser.check("api-key-revoke");
      browser.driver.findElement(By.xpath("//button[text()='Revoke the key']")).click();
      browser.waiting().until(ExpectedConditions.urlContains("notice=revoked"));
      assertEquals(
          401,
          LocalPlatform.within5s(() -> predictWithKey(secret, "breast-cancer-diagnosis"), 401));
    }
    try (Browser cedar = new Browser()) {
      cedar.signIn(console, "cedar-valley", "admin.cedar");
      // a hospital admin acts for their own hospital only, whatever the address asks
      cedar.open(console + "/keys?tenant=aurora-general");
      assertTrue(cedar.text().contains("API keys of cedar-valley"), cedar.text());
      assertFalse(cedar.driver.getPageSource().contains(prefix), "not another hospital's key");
      cedar.open(console + "/audit?tenant=aurora-general");
      assertTrue(cedar.text().contains("Records, newest first"), cedar.text());
      assertTrue(cedar.text().contains("admin.cedar"), "its own records are listed");
      assertFalse(
          cedar.driver.getPageSource().contains("aurora"), "nor another hospital's audit records");
      cedar.open(console + "/quotas?tenant=aurora-general");
      assertTrue(cedar.text().contains("of cedar-valley"), "nor its quota: " + cedar.text());
      cedar.open(console + "/models/lesion-classifier");
      assertTrue(cedar.text().contains("no such model"), "nor a model it is not entitled to");
      cedar.check("isolation-other-hospital");
    }
  }

  @Test
  void aPlatformAdminOnboardsAHospitalSuspendsAndReactivatesIt() throws Exception {
    String realm = "console-ridge";
    createRealm(realm);
    String issuer = LocalPlatform.stack().config().issuer(realm);
    try (Browser browser = new Browser()) {
      browser.open(console + "/login");
      browser.driver.findElement(By.linkText("Platform staff sign in here")).click();
      browser.keycloakLogin("platform.admin");
      browser.waiting().until(ExpectedConditions.urlToBe(console + "/"));
      browser.driver.findElement(By.linkText("Hospitals")).click();
      browser.waiting().until(ExpectedConditions.urlToBe(console + "/hospitals"));
      assertTrue(browser.text().contains("aurora-general"), "the onboarded hospitals");
      browser.check("hospitals");
      // an issuer whose provider is not there: refused, saying which step failed
      onboard(browser, "console-nowhere", issuer.replace(realm, "no-such-realm"));
      // the answer arrives as a new page: wait for it rather than read the one leaving
      browser
          .waiting()
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.tagName("main"), "discovery document"));
      browser.check("hospitals-onboarding-refused");
      onboard(browser, realm, issuer);
      browser.waiting().until(ExpectedConditions.urlContains("notice=onboarded"));
      assertTrue(browser.text().contains("checked out"), browser.text());
      // suspend, after a confirmation; then reactivate
      browser
          .driver
          .findElement(By.cssSelector("a[href='/hospitals/" + realm + "/suspend']"))
          .click();
      browser.check("hospital-suspend");
      browser.driver.findElement(By.xpath("//button[text()='Suspend the hospital']")).click();
      browser.waiting().until(ExpectedConditions.urlContains("notice=suspended"));
      browser
          .driver
          .findElement(By.cssSelector("form[action='/hospitals/" + realm + "/reactivate'] button"))
          .click();
      browser.waiting().until(ExpectedConditions.urlContains("notice=reactivated"));
    }
    try (Browser admin = new Browser()) {
      // a hospital admin has no hospitals page: by link or by address
      admin.signIn(console, "aurora-general", "admin.aurora");
      assertTrue(admin.driver.findElements(By.linkText("Hospitals")).isEmpty());
      admin.open(console + "/hospitals");
      assertTrue(admin.text().contains("Not allowed"), admin.text());
      // a confirmation page cannot be made to post somewhere else with the page's own token
      admin.open(console + "/models/..%5Chospitals%5Caurora-general%5Csuspend%3F/rollback");
      assertTrue(admin.text().contains("no such model version"), admin.text());
      assertFalse(admin.driver.getPageSource().contains("suspend"), "no form aimed elsewhere");
    }
  }

  private static void onboard(Browser browser, String id, String issuer) {
    browser.open(console + "/hospitals");
    browser.driver.findElement(By.id("h-id")).sendKeys(id);
    browser.driver.findElement(By.id("h-name")).sendKeys("Console Ridge Hospital");
    browser.driver.findElement(By.id("h-issuer")).sendKeys(issuer);
    browser.driver.findElement(By.id("h-mapping")).sendKeys("physician = clinician");
    browser.driver.findElement(By.xpath("//button[text()='Onboard']")).click();
  }

  /** A new realm in the local Keycloak, like a hospital's own provider (from the docs' example). */
  private static void createRealm(String realm) throws Exception {
    String json =
        java.nio.file.Files.readString(
                LocalPlatform.home().resolve("docs/examples/north-ridge-realm.json"))
            .replace("north-ridge", realm);
    String admin = LocalPlatform.tokens().keycloakAdmin();
    java.net.http.HttpResponse<String> created =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            LocalPlatform.stack().config().keycloakUrl() + "/admin/realms"))
                    .header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertTrue(
        created.statusCode() == 201 || created.statusCode() == 409,
        "realm " + realm + ": " + created.statusCode());
  }

  /** The image model's example instance written as a PNG file, as a person would upload one. */
  private static java.nio.file.Path examplePicture() throws Exception {
    com.fasterxml.jackson.databind.JsonNode rows =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                LocalPlatform.home()
                    .resolve("models/lesion-classifier/1/example-request.json")
                    .toFile())
            .path("instances")
            .path(0)
            .path("pixels");
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(
            rows.get(0).size(), rows.size(), java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < rows.size(); y++) {
      for (int x = 0; x < rows.get(y).size(); x++) {
        image.getRaster().setSample(x, y, 0, rows.get(y).get(x).asInt());
      }
    }
    java.nio.file.Path file = java.nio.file.Files.createTempFile("lesion", ".png");
    javax.imageio.ImageIO.write(image, "png", file.toFile());
    return file;
  }

  private static void upload(
      Browser browser, String model, java.nio.file.Path onnx, java.nio.file.Path card) {
    browser.open(console + "/models-upload");
    browser.driver.findElement(By.id("u-name")).sendKeys(model);
    browser.driver.findElement(By.id("u-model")).sendKeys(onnx.toAbsolutePath().toString());
    browser.driver.findElement(By.id("u-card")).sendKeys(card.toAbsolutePath().toString());
    browser
        .driver
        .findElement(By.id("u-validation"))
        .sendKeys(onnx.resolveSibling("validation.csv").toAbsolutePath().toString());
    browser.driver.findElement(By.xpath("//button[text()='Upload']")).click();
  }

  /**
   * Where the console sends a request that carries only {@code session} (no browser, no script).
   */
  private static String replay(Cookie session, String path) throws Exception {
    return replay(console, session, path);
  }

  private static String replay(String base, Cookie session, String path) throws Exception {
    java.net.http.HttpResponse<Void> answer =
        java.net.http.HttpClient.newBuilder()
            .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
            .build()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
                    .header("Cookie", session.getName() + "=" + session.getValue())
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
    String location = answer.headers().firstValue("Location").orElse("(none)");
    return location.startsWith(base) ? location.substring(base.length()) : location;
  }

  /** Whether the audit log holds the gateway's 403 for {@code username}'s {@code action}. */
  private static boolean refusalAudited(String username, String action, java.time.Instant since)
      throws Exception {
    try (java.sql.Connection c = LocalPlatform.superuser();
        java.sql.PreparedStatement st =
            c.prepareStatement(
                "SELECT count(*) FROM registry.audit_event WHERE kind = 'access'"
                    + " AND username = ? AND action = ? AND outcome = 403 AND occurred_at >= ?")) {
      st.setString(1, username);
      st.setString(2, action);
      st.setTimestamp(3, java.sql.Timestamp.from(since));
      try (java.sql.ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }

  /** A prediction with a partner key, as a partner's system (or curl) sends it. */
  private static int predictWithKey(String key, String model) throws Exception {
    String body =
        java.nio.file.Files.readString(
            LocalPlatform.home().resolve("models/" + model + "/1/example-request.json"));
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(
                    LocalPlatform.gateway() + "/api/v1/models/" + model + "/predict"))
            .header("X-API-Key", key)
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
            .build();
    return java.net.http.HttpClient.newHttpClient()
        .send(request, java.net.http.HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void aClinicianReadsAModelCardAndTriesAPredictionWithItsExplanation() throws Exception {
    try (Browser browser = new Browser()) {
      browser.signIn(console, "aurora-general", "dr.ada");
      browser.driver.findElement(By.linkText("Models")).click();
      browser.driver.findElement(By.linkText("breast-cancer-diagnosis")).click();
      browser.waiting().until(ExpectedConditions.urlContains("/models/breast-cancer-diagnosis"));
      String card = browser.text();
      for (String part : List.of("Intended use", "Limitations", "Biases", "Measured", "auc")) {
        assertTrue(card.contains(part), "the card shows " + part);
      }
      browser.check("model-card");
      browser.driver.findElement(By.linkText("Try a prediction")).click();
      browser.waiting().until(ExpectedConditions.urlContains("/try/breast-cancer-diagnosis"));
      assertTrue(browser.text().contains("Not for clinical use"), "the page says so");
      // the first instance of the model's example request, typed in field by field
      com.fasterxml.jackson.databind.JsonNode example =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(
                  LocalPlatform.home()
                      .resolve("models/breast-cancer-diagnosis/1/example-request.json")
                      .toFile())
              .path("instances")
              .path(0);
      example
          .fields()
          .forEachRemaining(
              f ->
                  browser
                      .driver
                      .findElement(By.id("f-" + f.getKey()))
                      .sendKeys(f.getValue().asText()));
      // one value a canary: it must reach no log
      WebElement radius = browser.driver.findElement(By.id("f-mean_radius"));
      radius.clear();
      radius.sendKeys("22.0173194");
      browser.driver.findElement(By.xpath("//button[text()='Predict and explain']")).click();
      browser
          .waiting()
          .until(ExpectedConditions.presenceOfElementLocated(By.id("explanation-chart")));
      String answer = browser.text();
      try (var logs = java.nio.file.Files.walk(LocalPlatform.stack().config().logs())) {
        for (java.nio.file.Path log : logs.filter(java.nio.file.Files::isRegularFile).toList()) {
          assertFalse(
              java.nio.file.Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1)
                  .contains("0173194"),
              "a typed value in " + log.getFileName());
        }
      }
      assertTrue(answer.contains("probability"), answer);
      assertTrue(answer.contains("Answered by version 1"), "the version that answered");
      assertTrue(answer.matches("(?s).*request id [0-9a-f-]{36}.*"), "and the request's id");
      String contributions =
          browser.driver.findElement(By.id("explanation-chart")).getAttribute("data-values");
      assertTrue(contributions.matches(".*[1-9].*"), "features moved the answer: " + contributions);
      browser.check("try-prediction");
      JavascriptExecutor js = (JavascriptExecutor) browser.driver;
      assertEquals(
          "[]",
          String.valueOf(
              js.executeScript(
                  "return JSON.stringify(Object.keys(localStorage).concat(Object.keys(sessionStorage)))")),
          "no input or answer kept in the browser");
      // an image, from a file, for the image model: its saliency drawn over it
      java.nio.file.Path png = examplePicture();
      browser.open(console + "/try/lesion-classifier");
      browser.driver.findElement(By.id("t-image")).sendKeys(png.toString());
      browser.driver.findElement(By.xpath("//button[text()='Predict and explain']")).click();
      browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("saliency-chart")));
      assertTrue(browser.text().contains("probability"), browser.text());
      browser.check("try-image");
      // a visit, in the visit table, for the sequence model: each visit's importance
      browser.open(console + "/try/pbc-progression");
      com.fasterxml.jackson.databind.JsonNode visit =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(
                  LocalPlatform.home()
                      .resolve("models/pbc-progression/1/example-request.json")
                      .toFile())
              .path("instances")
              .path(0)
              .path("visits")
              .path(0);
      visit
          .fields()
          .forEachRemaining(
              f ->
                  browser
                      .driver
                      .findElement(By.id("v0_" + f.getKey()))
                      .sendKeys(f.getValue().asText()));
      browser.driver.findElement(By.xpath("//button[text()='Predict and explain']")).click();
      browser
          .waiting()
          .until(ExpectedConditions.presenceOfElementLocated(By.id("explanation-chart")));
      assertTrue(browser.text().contains("each visit's importance"), browser.text());
      assertTrue(
          browser
              .driver
              .findElement(By.id("explanation-chart"))
              .getAttribute("data-labels")
              .contains("visit 1"),
          "the visit's importance is drawn");
      browser.check("try-visits");
      // a model the hospital may not use is not there at all
      browser.open(console + "/models/no-such-model");
      assertTrue(
          browser.text().contains("Not found") || browser.text().contains("no such"),
          browser.text());
    }
  }

  @Test
  void aPublisherStagesAVersionAndOnlyAHospitalAdminPromotesIt() throws Exception {
    String model = "console-diabetes";
    java.nio.file.Path dir = LocalPlatform.home().resolve("models/diabetes-progression/1");
    try (Browser pub = new Browser()) {
      pub.signIn(console, "aurora-general", "pub.aurora");
      pub.driver.findElement(By.linkText("Models")).click();
      pub.driver.findElement(By.linkText("Upload a model version")).click();
      pub.check("model-upload");
      // a card that is not one: refused, every check's words shown
      upload(pub, model, dir.resolve("model.onnx"), dir.resolve("model.onnx"));
      pub.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".problem")));
      assertTrue(pub.driver.getCurrentUrl().endsWith("/models-upload"), pub.text());
      pub.check("model-upload-refused");
      upload(pub, model, dir.resolve("model.onnx"), dir.resolve("card.json"));
      pub.waiting().until(ExpectedConditions.urlContains("notice=uploaded"));
      assertTrue(pub.text().contains("draft"), pub.text());
      pub.check("model-versions");
      pub.driver.findElement(By.linkText("To staging…")).click();
      pub.check("model-stage-confirm");
      pub.driver.findElement(By.xpath("//button[text()='Move to staging']")).click();
      pub.waiting().until(ExpectedConditions.urlContains("notice=staging"));
      assertTrue(
          pub.driver.findElements(By.linkText("Promote…")).isEmpty(),
          "a publisher is not offered production");
      // nor reaches it by address: the gateway refuses, and the page says why
      pub.open(console + "/models/" + model + "/versions/1/production");
      pub.driver.findElement(By.xpath("//button[text()='Promote to production']")).click();
      pub.waiting()
          .until(
              ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Not allowed"));
      assertTrue(pub.text().contains("second pair of eyes"), "the gateway's reason: " + pub.text());
      pub.check("model-promote-refused");
    }
    try (Browser admin = new Browser()) {
      admin.signIn(console, "aurora-general", "admin.aurora");
      admin.open(console + "/models/" + model);
      admin.driver.findElement(By.linkText("Promote…")).click();
      admin.driver.findElement(By.xpath("//button[text()='Promote to production']")).click();
      admin.waiting().until(ExpectedConditions.urlContains("notice=production"));
      assertTrue(admin.text().contains("in production 1"), admin.text());
    }
  }

  @Test
  void aHospitalAdminReadsItsQuotaAndAPlatformAdminChangesOne() {
    try (Browser admin = new Browser()) {
      admin.signIn(console, "aurora-general", "admin.aurora");
      admin.driver.findElement(By.linkText("Quotas")).click();
      admin.waiting().until(ExpectedConditions.urlToBe(console + "/quotas"));
      String page = admin.text();
      assertTrue(page.contains("plan enterprise"), page);
      assertTrue(page.contains("Instances per day"), page);
      assertTrue(admin.driver.findElements(By.id("o-burst")).isEmpty(), "no change for them");
      admin.check("quotas");
    }
    try (Browser platform = new Browser()) {
      platform.open(console + "/sign-in/platform");
      platform.keycloakLogin("platform.admin");
      platform.waiting().until(ExpectedConditions.urlToBe(console + "/"));
      platform.open(console + "/quotas?tenant=cedar-valley");
      platform.driver.findElement(By.id("o-burst")).sendKeys("77");
      platform.driver.findElement(By.xpath("//button[text()='Change the quota']")).click();
      platform.waiting().until(ExpectedConditions.urlContains("notice=changed"));
      assertEquals(
          "77",
          platform.driver.findElement(By.id("o-burst")).getAttribute("value"),
          "the override is in force");
      platform.check("quotas-platform");
      org.openqa.selenium.WebElement changed = platform.driver.findElement(By.id("o-burst"));
      changed.clear();
      platform.driver.findElement(By.xpath("//button[text()='Change the quota']")).click();
      // the address already says "changed": wait for the new page, not for the address
      platform.waiting().until(ExpectedConditions.stalenessOf(changed));
      platform.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("o-burst")));
      assertEquals("", platform.driver.findElement(By.id("o-burst")).getAttribute("value"));
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
      Cookie session = browser.driver.manage().getCookieNamed("q_session_aurora-general");
      long signedIn = System.nanoTime();
      new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(25))
          .until(ExpectedConditions.visibilityOfElementLocated(By.id("idle-dialog")));
      long warnedAfter = Duration.ofNanos(System.nanoTime() - signedIn).toSeconds();
      assertTrue(warnedAfter >= 8, "the warning comes near the end, not at once: " + warnedAfter);
      browser.check("idle-warning");
      new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(40))
          .until(ExpectedConditions.urlContains("/signed-out?reason=idle"));
      assertTrue(browser.text().contains("not used for a while"), browser.text());
      assertEquals("/login", replay(idleConsole, session, "/"), "ended on the server too");
      browser.open(idleConsole + "/sign-in/aurora-general");
      browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
      // with no page open to end it, the server ends an idle session by itself
      browser.keycloakLogin("dr.ada");
      browser.waiting().until(ExpectedConditions.urlToBe(idleConsole + "/"));
      Cookie unattended = browser.driver.manage().getCookieNamed("q_session_aurora-general");
      browser.open("about:blank");
      assertEquals("(none)", replay(idleConsole, unattended, "/"), "alive at first");
      Thread.sleep(22_000);
      assertEquals(
          "/session/ended", replay(idleConsole, unattended, "/"), "idle past its limit: ended");
    }
  }
}
