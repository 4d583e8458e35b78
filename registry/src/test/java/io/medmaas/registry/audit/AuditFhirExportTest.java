package io.medmaas.registry.audit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import io.medmaas.common.audit.AuditRecord;
import io.medmaas.common.audit.AuditTable;
import io.medmaas.launcher.DatabaseRoles;
import io.medmaas.testing.InternalTokens;
import io.medmaas.testing.InternalTrustResource;
import io.medmaas.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;

/**
 * The audit log exported as a FHIR R4 Bundle of AuditEvent resources: every resource valid by HAPI
 * FHIR's validator against the R4 specification (zero errors), each carrying the elements IHE's
 * Basic Audit Log Patterns require, each tenant's export holding its own records only.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@WithTestResource(InternalTrustResource.class)
class AuditFhirExportTest {

  private static final FhirContext FHIR = FhirContext.forR4();
  private static final String DIGEST = "hmac-sha256:0a1b2c3d:" + "ab".repeat(32);

  private static FhirValidator validator;

  /** Built once: loading the R4 structure definitions takes seconds. */
  private static synchronized FhirValidator validator() {
    if (validator == null) {
      ValidationSupportChain support =
          new ValidationSupportChain(
              new DefaultProfileValidationSupport(FHIR),
              new InMemoryTerminologyServerValidationSupport(FHIR),
              new CommonCodeSystemsTerminologyService(FHIR));
      validator = FHIR.newValidator();
      validator.registerValidatorModule(new FhirInstanceValidator(support));
    }
    return validator;
  }

  private static String tenant() {
    return "fhir-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }

  /** Access records as the gateway writes them; change records (the services') as the owner. */
  private static void append(List<AuditRecord> records) throws SQLException {
    try (Connection writer = PostgresResource.database().connectAs(DatabaseRoles.GATEWAY);
        Connection owner = PostgresResource.superuser()) {
      for (AuditRecord r : records) {
        AuditTable.append(AuditRecord.ACCESS.equals(r.kind()) ? writer : owner, List.of(r));
      }
    }
  }

  /** One record of each shape the log holds, with the values hostile callers could put there. */
  private static List<AuditRecord> everyShape(String tenant) {
    Instant now = Instant.now();
    return List.of(
        AuditRecord.access(id(), "model.predict")
            .at(now.minusSeconds(9))
            .tenant(tenant)
            .who("sub-1", "Dr. Ünïcødé 医生 \uD83E\uDE7A", "ehr-client", "jti-1")
            .clientAddress("2001:db8::7")
            .model("breast-cancer-diagnosis", "3")
            .outcome(200, null)
            .latencyMs(12)
            .inputDigest(DIGEST)
            .instances(4)
            .source("gateway@gw-0")
            .build(),
        AuditRecord.access(id(), "model.predict")
            .at(now.minusSeconds(8))
            .tenant(tenant)
            .who("api-key:lab-key-0001", null, "lab-key-0001", "lab-key-0001")
            .clientAddress("127.0.0.1")
            .outcome(404, "not-found")
            .source("gateway@gw-1")
            .build(),
        AuditRecord.access(id(), "model.version.promote")
            .at(now.minusSeconds(7))
            .tenant(tenant)
            .who(" leading and trailing ", "x", "console", "a jti with spaces %41")
            .model("(invalid)", null)
            .outcome(503, "unavailable")
            .build(), // older records have no source
        AuditRecord.change(id(), "model.version.promote")
            .at(now.minusSeconds(6))
            .tenant(tenant)
            .who("sub-2", "admin.x", null, null)
            .model("breast-cancer-diagnosis", "3")
            .states("{\"stage\":\"staging\"}", "{\"stage\":\"production\"}")
            .source("registry@reg-0")
            .build(),
        AuditRecord.change(id(), "tenant.api-key.revoke")
            .at(now.minusSeconds(5))
            .tenant(tenant)
            .who("sub-2", null, null, null)
            .states(null, "{\"revoked\":true}")
            .source("tenant-admin@ta-0")
            .build(),
        AuditRecord.access(id(), "audit.read")
            .at(now.minusSeconds(4))
            .tenant(tenant)
            .outcome(401, "unauthorized")
            .source("gateway@gw-0")
            .build());
  }

  private static Response fhir(String token, String query) {
    return given()
        .auth()
        .oauth2(token)
        .accept("application/fhir+json")
        .get("/internal/audit-events/fhir" + query);
  }

  private static Bundle bundle(Response response) {
    assertEquals(200, response.statusCode(), response.asString());
    assertTrue(response.contentType().startsWith("application/fhir+json"), response.contentType());
    return FHIR.newJsonParser().parseResource(Bundle.class, response.asString());
  }

  private static String auditor(String tenant) {
    return InternalTokens.forTenant(tenant, "auditor.x", "auditor");
  }

  @Test
  void everyExportedResourceIsValidR4WithZeroErrors() throws SQLException {
    String tenant = tenant();
    append(everyShape(tenant));
    // a value no record builder lets through, written as the superuser: still a valid string
    try (Connection c = PostgresResource.superuser();
        PreparedStatement st =
            c.prepareStatement(
                "INSERT INTO registry.audit_event (kind, occurred_at, request_id, tenant_id,"
                    + " subject, action, outcome, latency_ms) VALUES ('access', now(), ?, ?,"
                    + " ?, 'model.list', 200, 0)")) {
      st.setString(1, id());
      st.setString(2, tenant);
      st.setString(3, "bell\u0007and\u001b[31m ");
      st.executeUpdate();
    }
    Response response = fhir(auditor(tenant), "");
    String json = response.asString();
    Bundle bundle = bundle(response);
    assertEquals(Bundle.BundleType.COLLECTION, bundle.getType());
    assertEquals(7, bundle.getEntry().size());
    ValidationResult result = validator().validateWithResult(json);
    List<SingleValidationMessage> errors =
        result.getMessages().stream()
            .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
            .toList();
    assertTrue(
        errors.isEmpty(),
        () ->
            errors.stream()
                .map(m -> m.getLocationString() + ": " + m.getMessage())
                .collect(Collectors.joining("\n")));
    assertFalse(json.contains("\u0007"), "no control character reaches the export");
    // the validator is live: the same export with one event's outcome code broken is refused
    String broken = json.replaceFirst("\"outcome\":\"0\"", "\"outcome\":\"success\"");
    assertTrue(
        validator().validateWithResult(broken).getMessages().stream()
            .anyMatch(m -> m.getSeverity() == ResultSeverityEnum.ERROR),
        "a code outside AuditEvent.outcome's required value set is an error");
  }

  @Test
  void eachEventCarriesTheElementsBalpRequires() throws SQLException {
    String tenant = tenant();
    List<AuditRecord> records = everyShape(tenant);
    append(records);
    Bundle bundle = bundle(fhir(auditor(tenant), ""));
    Map<String, AuditRecord> byRequest =
        records.stream().collect(Collectors.toMap(AuditRecord::requestId, r -> r));
    assertEquals(records.size(), bundle.getEntry().size());
    Set<String> fullUrls = new java.util.HashSet<>();
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      assertTrue(fullUrls.add(entry.getFullUrl()), "each entry has a fullUrl of its own");
      assertTrue(entry.getFullUrl().startsWith("urn:uuid:"));
      AuditEvent event = (AuditEvent) entry.getResource();
      AuditEventEntityComponent transaction = entity(event, "XrequestId");
      AuditRecord r = byRequest.get(transaction.getWhat().getIdentifier().getValue());
      assertNotNull(r, "the transaction entity names the request id");

      assertEquals("rest", event.getType().getCode());
      assertEquals(
          "http://terminology.hl7.org/CodeSystem/audit-event-type", event.getType().getSystem());
      Coding interaction = subtype(event, "http://hl7.org/fhir/restful-interaction");
      assertEquals(r.action(), subtype(event, "urn:medmaas:audit-action").getCode());
      assertNotNull(event.getAction());
      assertNotNull(event.getRecorded(), "recorded");
      assertEquals(
          r.occurredAt().toEpochMilli(), event.getPeriod().getStart().getTime(), "period.start");
      assertEquals(
          r.outcome() < 400 ? "0" : r.outcome() < 500 ? "4" : "8", event.getOutcome().toCode());

      AuditEventAgentComponent requestor =
          event.getAgent().stream().filter(a -> a.getRequestor()).findFirst().orElseThrow();
      assertTrue(requestor.getWho().hasDisplay(), "the requestor is named");
      if (r.subject() != null) {
        assertEquals(r.subject(), requestor.getWho().getIdentifier().getValue());
        assertEquals(
            "urn:medmaas:tenant:" + tenant, requestor.getWho().getIdentifier().getSystem());
      }
      if (r.tokenId() != null) {
        assertEquals(1, requestor.getPolicy().size(), "the jti or key id in agent.policy");
        assertFalse(requestor.getPolicy().get(0).getValue().contains(" "), "a uri has no spaces");
      }
      if (r.clientAddress() != null) {
        assertTrue(
            event.getAgent().stream()
                .anyMatch(a -> r.clientAddress().equals(a.getNetwork().getAddress())),
            "the network address is on an agent");
      }
      assertTrue(
          event.getAgent().stream()
              .anyMatch(a -> "110152".equals(a.getType().getCodingFirstRep().getCode())),
          "the platform is the destination agent");

      assertTrue(event.getSource().getObserver().hasDisplay(), "source.observer");
      assertEquals("4", event.getSource().getTypeFirstRep().getCode(), "an application server");
      if (r.source() != null) {
        assertEquals(r.source(), event.getSource().getObserver().getIdentifier().getValue());
      }
      if (r.model() != null) {
        AuditEventEntityComponent model =
            event.getEntity().stream()
                .filter(e -> "urn:medmaas:model".equals(e.getWhat().getIdentifier().getSystem()))
                .findFirst()
                .orElseThrow();
        assertEquals(r.model(), model.getWhat().getIdentifier().getValue());
        if (r.modelVersion() != null) {
          assertEquals(r.modelVersion(), model.getDetailFirstRep().getValueStringType().getValue());
        }
      }
      switch (r.action()) {
        case "model.predict" -> assertEquals("operation", interaction.getCode());
        case "model.version.promote" -> assertEquals("update", interaction.getCode());
        case "tenant.api-key.revoke" -> assertEquals("update", interaction.getCode());
        case "audit.read" -> assertEquals("search-type", interaction.getCode());
        default -> throw new AssertionError("an action this test did not write: " + r.action());
      }
    }
  }

  @Test
  void aTenantsExportHoldsItsOwnRecordsOnlyAndAnotherTenantsIsNotFound() throws SQLException {
    String mine = tenant();
    String theirs = tenant();
    append(everyShape(mine));
    append(everyShape(theirs).subList(0, 2));
    Bundle own = bundle(fhir(auditor(theirs), ""));
    assertEquals(2, own.getEntry().size());
    for (Bundle.BundleEntryComponent entry : own.getEntry()) {
      AuditEvent event = (AuditEvent) entry.getResource();
      assertTrue(
          event.getEntity().stream()
              .anyMatch(e -> theirs.equals(e.getWhat().getIdentifier().getValue())),
          "each event names the tenant it is for");
      assertFalse(FHIR.newJsonParser().encodeResourceToString(event).contains(mine));
    }
    assertEquals(404, fhir(auditor(theirs), "?tenant=" + mine).statusCode());
    assertEquals(
        403,
        fhir(InternalTokens.forTenant(theirs, "dr.x", "clinician"), "").statusCode(),
        "a clinician may not read the audit log");
    Bundle chosen =
        bundle(
            fhir(
                InternalTokens.forTenant("platform", "root.x", "platform-admin"),
                "?tenant=" + mine));
    assertEquals(6, chosen.getEntry().size(), "a platform admin may choose any tenant");
  }

  @Test
  void theExportTakesTheSearchsFiltersAndAnEmptyOneIsStillAValidBundle() throws SQLException {
    String tenant = tenant();
    append(everyShape(tenant));
    Bundle refused = bundle(fhir(auditor(tenant), "?outcome=4xx"));
    assertEquals(2, refused.getEntry().size());
    Response empty = fhir(auditor(tenant), "?action=tenant.delete");
    Bundle none = bundle(empty);
    assertTrue(none.getEntry().isEmpty());
    assertFalse(empty.asString().contains("\"entry\""), "FHIR JSON has no empty arrays");
    assertTrue(
        validator().validateWithResult(empty.asString()).getMessages().stream()
            .noneMatch(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()));
    assertEquals(400, fhir(auditor(tenant), "?from=yesterday").statusCode());
  }

  private static AuditEventEntityComponent entity(AuditEvent event, String typeCode) {
    return event.getEntity().stream()
        .filter(e -> typeCode.equals(e.getType().getCode()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + typeCode + " entity"));
  }

  private static Coding subtype(AuditEvent event, String system) {
    return event.getSubtype().stream()
        .filter(c -> system.equals(c.getSystem()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no subtype of " + system));
  }
}
