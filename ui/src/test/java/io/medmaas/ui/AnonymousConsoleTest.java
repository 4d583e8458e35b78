package io.medmaas.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * What the console shows and does before anyone has signed in: the sign-in page only, with its
 * strict policy and an anti-forgery token; no list of hospitals; no way past it by a made-up
 * hospital, a forged cookie or a form without its token.
 */
@QuarkusTest
@io.quarkus.test.common.WithTestResource(StubGateway.class)
class AnonymousConsoleTest {

  @Test
  void everyPageSendsAVisitorToSignIn() {
    for (String page : new String[] {"/", "/audit", "/audit/verify", "/session/status"}) {
      given()
          .redirects()
          .follow(false)
          .get(page)
          .then()
          .statusCode(303)
          .header("Location", startsWith("http"))
          .header("Location", containsString("/login"));
    }
  }

  @Test
  void theSignInPageHasAStrictPolicyATokenAndNoHospitals() {
    Response page = given().get("/login");
    page.then()
        .statusCode(200)
        .header("Cache-Control", "no-store")
        .header("X-Frame-Options", "DENY")
        .body(containsString("name=\"csrf-token\""))
        .body(not(containsString("aurora")));
    String policy = page.header("Content-Security-Policy");
    assertNotNull(policy);
    assertTrue(policy.contains("script-src 'self'"), policy);
    assertTrue(policy.contains("form-action 'self'"), policy);
    assertFalse(policy.contains("unsafe-inline"), policy);
    assertFalse(policy.contains("127.0.0.1:9"), "an anonymous visitor's policy names no provider");
    assertFalse(page.body().asString().contains("<script>"), "no inline script");
    assertFalse(page.body().asString().contains("style="), "no inline style");
  }

  /** The sign-in page's anti-forgery cookie and token, as a browser holds them. */
  private record Form(String cookie, String token) {}

  private static Form form() {
    Response page = given().get("/login");
    String html = page.body().asString();
    int at = html.indexOf("name=\"csrf-token\" value=\"") + "name=\"csrf-token\" value=\"".length();
    return new Form(page.cookie("csrf-token"), html.substring(at, html.indexOf('"', at)));
  }

  @Test
  void aFormWithoutItsTokenIsRefusedInPlainWords() {
    Form form = form();
    given()
        .cookie("csrf-token", form.cookie())
        .formParam("hospital", "aurora-general")
        .post("/login")
        .then()
        .statusCode(400)
        .body(containsString("The form was not accepted"));
    given()
        .cookie("csrf-token", form.cookie())
        .formParam("csrf-token", "forged-" + form.token())
        .formParam("hospital", "aurora-general")
        .post("/login")
        .then()
        .statusCode(400);
  }

  @Test
  void aHospitalIsFoundByItsIdOrAWorkAddressAndAnUnknownOneByNeither() {
    Form form = form();
    given()
        .cookie("csrf-token", form.cookie())
        .formParam("csrf-token", form.token())
        .formParam("hospital", "Ada@Aurora-General.example")
        .header("HX-Request", "true")
        .post("/login")
        .then()
        .statusCode(204)
        .header("HX-Redirect", startsWith("/sign-in/aurora-general?login_hint="));
    // asked of the gateway (tenant-admin's data) for this visitor, not for the console
    assertTrue(StubGateway.VISITORS.contains("127.0.0.1"), StubGateway.VISITORS.toString());
    for (String unknown :
        new String[] {"nowhere", "x@elsewhere.example", "platform", "../x", "a\u0000b"}) {
      given()
          .cookie("csrf-token", form.cookie())
          .formParam("csrf-token", form.token())
          .formParam("hospital", unknown)
          .post("/login")
          .then()
          .statusCode(200)
          .body(containsString("We could not find a sign-in for that hospital"))
          .body(not(containsString("aurora")));
    }
  }

  @Test
  void aSignInAtAnUnknownHospitalOrWithAForgedSessionGoesToNoProvider() {
    Response unknown = given().redirects().follow(false).get("/sign-in/nowhere");
    assertFalse(
        String.valueOf(unknown.header("Location")).contains("127.0.0.1:9"),
        "no provider is asked about a hospital that does not exist");
    assertTrue(
        unknown.statusCode() == 401 || unknown.statusCode() == 303, "" + unknown.statusCode());
    given()
        .redirects()
        .follow(false)
        .cookie("q_session_nowhere", "forged")
        .get("/")
        .then()
        .statusCode(303)
        .header("Location", containsString("/login"));
  }

  @Test
  void theConsolePublishesNoApiDescription() {
    given().get("/q/openapi").then().statusCode(404);
    given().get("/q/swagger-ui").then().statusCode(404);
  }

  @Test
  void theBrowserLibrariesAreServedFromTheConsoleItself() {
    given().get("/webjars/htmx.org/dist/htmx.min.js").then().statusCode(200);
    given().get("/webjars/chart.js/dist/chart.umd.min.js").then().statusCode(200);
    given().get("/js/session.js").then().statusCode(200);
    given()
        .get("/css/console.css")
        .then()
        .statusCode(200)
        .header("Cache-Control", not(containsString("no-store")));
  }
}
