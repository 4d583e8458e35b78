package io.medmaas.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the gateway's tests share: the stand-in identity provider's tokens, stubbed internal
 * services on the same WireMock, and the audit records the gateway wrote, read back from the real
 * database as its owner.
 */
final class Fixtures {

  static final String PREDICT = "/api/v1/models/breast-cancer-diagnosis/predict";
  static final String BODY = "{\"instances\":[{\"mean_radius\":17.99}]}";

  private Fixtures() {}

  static String issuer(String keycloakUrl) {
    return keycloakUrl + "/realms/quarkus";
  }

  /** tenant-admin knows Aurora General, whose issuer is the stand-in identity provider. */
  static void stubTenants(WireMockServer server, String issuer) {
    stubTenants(server, issuer, issuer + "-of-cedar-valley");
  }

  /** As above, and Cedar Valley with its own issuer. */
  static void stubTenants(WireMockServer server, String aurora, String cedar) {
    stubTenantList(
        server, "[" + tenant("aurora-general", aurora) + "," + tenant("cedar-valley", cedar) + "]");
  }

  /** As {@link #stubTenants(WireMockServer, String)}, Aurora's IdP naming roles its own way. */
  static void stubTenantsWithRoleMapping(WireMockServer server, String issuer, String mapping) {
    stubTenantList(
        server,
        "["
            + tenant("aurora-general", issuer).replace("}", ",\"roleMapping\":" + mapping + "}")
            + "]");
  }

  /** Aurora General with its own audiences and roles claim (a JSON array of strings, a path). */
  static void stubTenantWithClaims(
      WireMockServer server, String issuer, String audiences, String rolesClaim) {
    stubTenantList(
        server,
        "["
            + tenant("aurora-general", issuer)
                .replace("\"audiences\":[\"medmaas-api\"]", "\"audiences\":" + audiences)
                .replace("}", ",\"rolesClaim\":\"" + rolesClaim + "\"}")
            + "]");
  }

  /** Aurora General with these limits (tenant-admin's effective limits, as JSON). */
  static void stubTenantWithLimits(WireMockServer server, String issuer, String limits) {
    stubTenantList(
        server,
        "[" + tenant("aurora-general", issuer).replace("}", ",\"limits\":" + limits + "}") + "]");
  }

  static void stubTenantList(WireMockServer server, String json) {
    server.stubFor(
        get(urlEqualTo("/auth/tenant-admin/internal/directory/tenants"))
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(json)));
  }

  static String tenant(String id, String issuer) {
    return "{\"id\":\""
        + id
        + "\",\"displayName\":\""
        + id
        + "\",\"issuer\":\""
        + issuer
        + "\",\"audiences\":[\"medmaas-api\"],\"status\":\"active\"}";
  }

  static void stubPrediction(WireMockServer server) {
    server.stubFor(
        post(urlEqualTo("/auth/inference/internal/models/breast-cancer-diagnosis/predict"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withHeader("X-Model-Version", "1")
                    .withHeader("X-Instances", "1")
                    .withBody(
                        "{\"model\":\"breast-cancer-diagnosis\",\"version\":\"1\","
                            + "\"predictions\":[{\"label\":\"malignant\",\"probability\":0.97}]}")));
  }

  static JwtClaimsBuilder token(String issuer, String... roles) {
    return Jwt.issuer(issuer)
        .audience("medmaas-api")
        .subject("u-123")
        .preferredUserName("dr.ada")
        .claim("azp", "ehr-client")
        .claim("jti", "token-" + System.nanoTime())
        .claim("realm_access", Map.of("roles", List.of(roles)))
        .expiresIn(300);
  }

  static String signed(JwtClaimsBuilder claims) {
    return claims.jws().keyId("1").sign("privateKey.jwk");
  }

  /** The audit records with this request id, each column by name. */
  static List<Map<String, Object>> records(String requestId) throws SQLException {
    return query("SELECT * FROM registry.audit_event WHERE request_id = ?", requestId);
  }

  /** The one access record of a request. */
  static Map<String, Object> record(String requestId) throws SQLException {
    List<Map<String, Object>> found = records(requestId);
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " audit records for request " + requestId);
    }
    return found.get(0);
  }

  static Optional<Map<String, Object>> maybeRecord(String requestId) throws SQLException {
    List<Map<String, Object>> found = records(requestId);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** How many transactions wrote the records of these requests (from each row's xmin). */
  static long transactionsOf(List<String> requestIds) throws SQLException {
    List<Map<String, Object>> rows =
        query(
            "SELECT count(DISTINCT xmin::text) AS n FROM registry.audit_event"
                + " WHERE request_id = ANY (string_to_array(?, ','))",
            String.join(",", requestIds));
    return ((Number) rows.get(0).get("n")).longValue();
  }

  static List<Map<String, Object>> query(String sql, String... parameters) throws SQLException {
    try (Connection connection = owner();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        ResultSetMetaData meta = rows.getMetaData();
        List<Map<String, Object>> result = new ArrayList<>();
        while (rows.next()) {
          Map<String, Object> row = new HashMap<>();
          for (int c = 1; c <= meta.getColumnCount(); c++) {
            row.put(meta.getColumnName(c), rows.getObject(c));
          }
          result.add(row);
        }
        return result;
      }
    }
  }

  static void execute(String sql) throws SQLException {
    try (Connection connection = owner()) {
      connection.createStatement().execute(sql);
    }
  }

  private static Connection owner() throws SQLException {
    return AuditStoreResource.superuser();
  }
}
