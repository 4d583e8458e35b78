package io.medmaas.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static io.medmaas.gateway.Fixtures.BODY;
import static io.medmaas.gateway.Fixtures.PREDICT;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.medmaas.testing.InternalTrustResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens an attacker would try, each signed or shaped to get past one check: every one is 401 with
 * a {@code WWW-Authenticate} that says why, no internal service is called, and none makes the
 * gateway fetch keys from where the token says.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(InternalTrustResource.class)
@WithTestResource(AuditStoreResource.class)
class HostileTokensTest {

  private static final String CERTS = ".*/protocol/openid-connect/certs.*";

  @OidcWireMock WireMockServer server;

  @ConfigProperty(name = "keycloak.url")
  String keycloakUrl;

  @BeforeEach
  void stubs() {
    server.resetRequests();
    Fixtures.stubTenants(server, issuer());
    Fixtures.stubPrediction(server);
  }

  private String issuer() {
    return Fixtures.issuer(keycloakUrl);
  }

  private JwtClaimsBuilder token() {
    return Fixtures.token(issuer(), "clinician");
  }

  private Response predict(String token) {
    return given()
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(BODY)
        .post(PREDICT)
        .then()
        .extract()
        .response();
  }

  /** 401, says why, and the prediction never reached inference. */
  private void refused(String token, String because) {
    Response response = predict(token);
    assertEquals(401, response.statusCode(), response.asString());
    String challenge = response.header("WWW-Authenticate");
    assertTrue(
        challenge.startsWith("Bearer realm=\"medmaas\", error=\"invalid_token\""), challenge);
    assertTrue(challenge.contains("error_description=\"" + because + "\""), challenge);
    assertFalse(challenge.contains(token.substring(0, 20)), "the token is never echoed");
    server.verify(
        0,
        postRequestedFor(
            urlEqualTo("/auth/inference/internal/models/breast-cancer-diagnosis/predict")));
  }

  @Test
  void theTokenOfTheFixturesIsAccepted() {
    assertEquals(200, predict(Fixtures.signed(token())).statusCode());
  }

  @Test
  void algNoneIsRefused() {
    String signed = Fixtures.signed(token());
    String payload = signed.split("\\.")[1];
    String none = b64("{\"alg\":\"none\",\"kid\":\"1\",\"typ\":\"JWT\"}");
    assertEquals(401, predict(none + "." + payload + ".").statusCode());
    refused(none + "." + payload + ".c2ln", "The bearer token's signature does not verify");
  }

  @Test
  void hs256SignedWithTheIssuersPublicKeyIsRefused() throws Exception {
    PublicKey issuerKey = fixtureKey().getPublicKey();
    for (byte[] secret :
        new byte[][] {
          issuerKey.getEncoded(),
          pem(issuerKey).getBytes(StandardCharsets.US_ASCII),
          fixtureKey().toJson().getBytes(StandardCharsets.UTF_8)
        }) {
      String forged =
          token()
              .jws()
              .keyId("1")
              .algorithm(SignatureAlgorithm.HS256)
              .sign(new SecretKeySpec(secret, "HmacSHA256"));
      refused(forged, "The bearer token's signature does not verify");
    }
  }

  @Test
  void aFloodOfUnknownKeyIdsFetchesTheKeysAtMostOnce() throws Exception {
    var key = fixtureKey().getRsaPrivateKey();
    for (int i = 0; i < 40; i++) {
      String token = token().jws().keyId(UUID.randomUUID().toString()).sign(key);
      assertEquals(401, predict(token).statusCode());
    }
    int fetches = server.findAll(getRequestedFor(urlMatching(CERTS))).size();
    assertTrue(fetches <= 2, "key set fetched " + fetches + " times for 40 unknown key ids");
  }

  @Test
  void keysNamedOrEmbeddedInTheTokenAreIgnored() throws Exception {
    RsaJsonWebKey attacker = RsaJwkGenerator.generateJwk(2048);
    attacker.setKeyId("1");
    server.stubFor(
        get(urlEqualTo("/attacker/jwks"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(new JsonWebKeySet(attacker).toJson())));
    String url = keycloakUrl.replace("/auth", "") + "/attacker/jwks";
    String withJku = token().jws().keyId("1").header("jku", url).sign(attacker.getRsaPrivateKey());
    refused(withJku, "The bearer token's signature does not verify");
    String withX5u = token().jws().keyId("1").header("x5u", url).sign(attacker.getRsaPrivateKey());
    refused(withX5u, "The bearer token's signature does not verify");
    String withJwk =
        token()
            .jws()
            .keyId("1")
            .header("jwk", attacker.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
            .sign(attacker.getRsaPrivateKey());
    refused(withJwk, "The bearer token's signature does not verify");
    server.verify(0, getRequestedFor(urlMatching(".*/attacker/.*")));
  }

  @Test
  void aTokenNotValidYetIsRefused() {
    long now = System.currentTimeMillis() / 1000;
    refused(Fixtures.signed(token().claim("nbf", now + 120)), "The bearer token is not valid yet");
  }

  @Test
  void anExpiredTokenSaysSo() {
    long now = System.currentTimeMillis() / 1000;
    refused(
        Fixtures.signed(token().issuedAt(now - 900).expiresAt(now - 600)),
        "The bearer token has expired");
  }

  @Test
  void aTokenForAnotherAudienceSaysSo() {
    refused(
        Fixtures.signed(token().audience("another-api")),
        "The bearer token is for another audience");
  }

  @Test
  void anUnknownIssuerSaysSo() {
    refused(
        Fixtures.signed(token().issuer("https://idp.example.org/realms/nobody")),
        "The token's issuer is not a known tenant's");
  }

  @Test
  void aTokenSignedByAnotherKeySaysSo() throws Exception {
    RsaJsonWebKey stranger = RsaJwkGenerator.generateJwk(2048);
    refused(
        token().jws().keyId("1").sign(stranger.getRsaPrivateKey()),
        "The bearer token's signature does not verify");
  }

  @Test
  void anIdTokenOrARefreshTokenIsNotAnAccessToken() {
    refused(Fixtures.signed(token().claim("typ", "ID")), "The bearer token is not an access token");
    refused(
        Fixtures.signed(token().claim("typ", "Refresh")),
        "The bearer token is not an access token");
    refused(
        token().jws().keyId("1").header("typ", "logout+jwt").sign("privateKey.jwk"),
        "The bearer token is not an access token");
    assertEquals(200, predict(Fixtures.signed(token().claim("typ", "Bearer"))).statusCode());
    assertEquals(
        200,
        predict(token().jws().keyId("1").header("typ", "at+jwt").sign("privateKey.jwk"))
            .statusCode());
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static RsaJsonWebKey fixtureKey() throws Exception {
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream("privateKey.jwk")) {
      return (RsaJsonWebKey)
          JsonWebKey.Factory.newJwk(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
