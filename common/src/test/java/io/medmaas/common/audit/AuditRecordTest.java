package io.medmaas.common.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditRecordTest {

  private static final String ID = "3f2b8c1e-0000-4000-8000-000000000001";

  @Test
  void callerControlledValuesThatAreNotOfTheirShapeBecomeTheMarker() {
    for (String hostile :
        List.of("a\u0000b", "a\u0007b", "x".repeat(256), "\uD800", "a\u202Eb", "a\nb", "")) {
      AuditRecord record =
          AuditRecord.access(ID, "model.predict")
              .who(hostile, hostile, hostile, hostile)
              .model(hostile, hostile)
              .build();
      assertEquals(AuditText.INVALID, record.subject(), hostile);
      assertEquals(AuditText.INVALID, record.username());
      assertEquals(AuditText.INVALID, record.clientId());
      assertEquals(AuditText.INVALID, record.tokenId());
      assertEquals(AuditText.INVALID, record.model());
      assertEquals(AuditText.INVALID, record.modelVersion());
    }
  }

  @Test
  void validValuesAreKeptAsTheyAre() {
    AuditRecord record =
        AuditRecord.access(ID, "model.predict")
            .tenant("aurora-general")
            .who("8d1c-uuid", "dr.ada", "medmaas-cli", "jti-1")
            .clientAddress("::1")
            .model("breast-cancer-diagnosis", "production")
            .outcome(422, "unprocessable")
            .build();
    assertEquals("dr.ada", record.username());
    assertEquals("::1", record.clientAddress());
    assertEquals("production", record.modelVersion());
    assertEquals("unprocessable", record.problemType());
  }

  @Test
  void valuesOnlyThePlatformWritesAreCheckedStrictly() {
    assertThrows(IllegalArgumentException.class, () -> AuditRecord.access("x", "a.b").build());
    assertThrows(IllegalArgumentException.class, () -> AuditRecord.access(ID, "A B").build());
    assertThrows(
        IllegalArgumentException.class,
        () -> AuditRecord.access(ID, "a.b").outcome(42, null).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> AuditRecord.access(ID, "a.b").inputDigest("mean_radius=17.99").build());
    assertThrows(
        IllegalArgumentException.class, () -> AuditRecord.access(ID, "a.b").tenant("A/B").build());
  }

  @Test
  void anAddressThatIsNotAnIpLiteralIsDroppedAndTimeIsKeptInMicroseconds() {
    AuditRecord record =
        AuditRecord.access(ID, "a.b")
            .clientAddress("evil.example; DROP")
            .at(Instant.parse("2026-12-01T10:00:00.123456789Z"))
            .build();
    assertNull(record.clientAddress());
    assertEquals(Instant.parse("2026-12-01T10:00:00.123456Z"), record.occurredAt());
  }

  @Test
  void theAppendStatementHasOneArrayParameterPerColumn() {
    String sql = AuditTable.insert(AuditTable.Placeholders.NUMBERED);
    assertTrue(sql.contains("$" + AuditTable.COLUMNS.size() + "::"));
    assertFalse(sql.contains("$" + (AuditTable.COLUMNS.size() + 1)));
    List<Object[]> parameters =
        AuditTable.parameters(List.of(AuditRecord.access(ID, "a.b").build()));
    assertEquals(AuditTable.COLUMNS.size(), parameters.size());
    parameters.forEach(column -> assertEquals(1, column.length));
  }
}
