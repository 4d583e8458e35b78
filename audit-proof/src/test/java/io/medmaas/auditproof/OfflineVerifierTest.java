package io.medmaas.auditproof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The offline proof on its own: heads signed and checked with the JDK alone, and an export that
 * verifies, breaks where a record was changed, removed or cut off, and, given an earlier head,
 * shows a consistent rewrite of the whole chain that the chain alone could not.
 */
class OfflineVerifierTest {

  private static final KeyPair KEYS = keys();
  private static final String KID = SignedHead.keyId(KEYS.getPublic());
  private static final Map<String, PublicKey> TRUSTED = Map.of(KID, KEYS.getPublic());

  private static KeyPair keys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A chain of {@code n} records as the database would link them, outcome 200 unless changed. */
  private static List<AuditChain.Link> chain(int n, int changedAt) {
    List<AuditChain.Link> links = new ArrayList<>();
    String prev = AuditChain.GENESIS;
    for (int i = 1; i <= n; i++) {
      AuditChain.Link unhashed = link(i, prev, null, i == changedAt ? 500 : 200);
      String hash = AuditChain.hash(unhashed);
      links.add(link(i, prev, hash, i == changedAt ? 500 : 200));
      prev = hash;
    }
    return links;
  }

  private static AuditChain.Link link(long seq, String prev, String hash, int outcome) {
    Instant at = Instant.parse("2026-12-02T10:00:00.123456Z").plusSeconds(seq);
    return new AuditChain.Link(
        "aurora-general",
        seq,
        prev,
        hash,
        1000 + seq,
        "access",
        at,
        at,
        "req-" + seq,
        "aurora-general",
        "sub-1",
        "dr.ada",
        "ehr",
        "jti-" + seq,
        "127.0.0.1",
        "model.predict",
        "breast-cancer-diagnosis",
        "1",
        outcome,
        null,
        12,
        null,
        1,
        null,
        null,
        seq % 2 == 0 ? "gateway@node-1" : null); // both canonical forms, v2 and v1
  }

  private static String export(List<AuditChain.Link> links, SignedHead head) {
    StringBuilder out =
        new StringBuilder(ChainExport.headerLine(head, 1, AuditChain.GENESIS, null));
    out.append('\n');
    links.forEach(l -> out.append(ChainExport.recordLine(l)).append('\n'));
    return out.toString();
  }

  private static SignedHead headOf(List<AuditChain.Link> links) {
    AuditChain.Link last = links.get(links.size() - 1);
    return SignedHead.sign(
        "aurora-general", last.seq(), last.hash(), Instant.now(), KEYS.getPrivate(), KID);
  }

  private static OfflineVerifier.Result verify(String export, SignedHead earlier) throws Exception {
    return OfflineVerifier.verify(new BufferedReader(new StringReader(export)), TRUSTED, earlier);
  }

  @Test
  void aSignedHeadVerifiesUnderItsKeyOnly() throws Exception {
    SignedHead head = headOf(chain(3, 0));
    SignedHead back = SignedHead.verify(head.jws(), TRUSTED);
    assertEquals(3, back.seq());
    assertEquals(head.hash(), back.hash());
    String[] parts = head.jws().split("\\.");
    String forged =
        parts[0]
            + "."
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    ("{\"chain\":\"aurora-general\",\"seq\":99,\"hash\":\"x\",\"signedAt\":\""
                            + Instant.now()
                            + "\"}")
                        .getBytes())
            + "."
            + parts[2];
    assertThrows(SignedHead.Invalid.class, () -> SignedHead.verify(forged, TRUSTED));
    KeyPair other = keys();
    assertThrows(
        SignedHead.Invalid.class,
        () -> SignedHead.verify(head.jws(), Map.of(KID, other.getPublic())));
    assertThrows(SignedHead.Invalid.class, () -> SignedHead.verify("a.b", TRUSTED));
  }

  @Test
  void anIntactExportVerifies() throws Exception {
    List<AuditChain.Link> links = chain(25, 0);
    OfflineVerifier.Result result = verify(export(links, headOf(links)), null);
    assertTrue(result.intact(), result.describe());
    assertEquals(25, result.checked());
    assertTrue(result.describe().startsWith("VERIFIED"));
  }

  @Test
  void aChangedRecordBreaksTheChainAtItsPlace() throws Exception {
    List<AuditChain.Link> links = new ArrayList<>(chain(10, 0));
    AuditChain.Link seventh = links.get(6);
    links.set(6, link(7, seventh.prevHash(), seventh.hash(), 500)); // its hash left as it was
    OfflineVerifier.Result result = verify(export(links, headOf(chain(10, 0))), null);
    assertFalse(result.intact());
    assertEquals(7, result.broken().seq());
    assertEquals(6, result.checked());
  }

  @Test
  void aRemovedOrCutOffRecordIsMissing() throws Exception {
    List<AuditChain.Link> links = new ArrayList<>(chain(10, 0));
    SignedHead head = headOf(links);
    links.remove(3);
    OfflineVerifier.Result gap = verify(export(links, head), null);
    assertEquals(4, gap.broken().seq());
    assertTrue(gap.broken().reason().contains("missing"));
    OfflineVerifier.Result cut = verify(export(chain(10, 0).subList(0, 8), head), null);
    assertFalse(cut.intact());
    assertTrue(cut.broken().reason().contains("records 9 to 10 are missing"), cut.describe());
  }

  @Test
  void aConsistentRewriteIsCaughtByAHeadKeptFromBefore() throws Exception {
    List<AuditChain.Link> original = chain(10, 0);
    SignedHead kept = headOf(original.subList(0, 8)); // an auditor kept the head at record 8
    // the log rewritten from record 5 on, every hash after it recomputed, and the head re-signed
    List<AuditChain.Link> rewritten = chain(12, 5);
    String export = export(rewritten, headOf(rewritten));
    OfflineVerifier.Result alone = verify(export, null);
    assertTrue(alone.intact(), "the rewrite is consistent on its own");
    assertNull(alone.earlierHeadHeld());
    OfflineVerifier.Result withKept = verify(export, kept);
    assertFalse(withKept.intact(), withKept.describe());
    assertEquals(Boolean.FALSE, withKept.earlierHeadHeld());
    assertEquals(8, withKept.broken().seq());
    // the untouched log passes through the kept head
    OfflineVerifier.Result honest = verify(export(original, headOf(original)), kept);
    assertTrue(honest.intact(), honest.describe());
    assertEquals(Boolean.TRUE, honest.earlierHeadHeld());
  }

  @Test
  void anExportWhoseHeadIsUnsignedOrAnotherChainsIsNotTrusted() throws Exception {
    List<AuditChain.Link> links = chain(3, 0);
    SignedHead head = headOf(links);
    String tampered = export(links, head).replaceFirst("\"head\":\"[^\"]+\"", "\"head\":\"x.y.z\"");
    OfflineVerifier.Result result = verify(tampered, null);
    assertFalse(result.intact());
    assertTrue(result.problem().contains("head"), result.describe());
    SignedHead otherChain =
        SignedHead.sign("cedar-valley", 3, head.hash(), Instant.now(), KEYS.getPrivate(), KID);
    String swapped =
        export(links, head)
            .replaceFirst("\"head\":\"[^\"]+\"", "\"head\":\"" + otherChain.jws() + "\"");
    assertTrue(verify(swapped, null).problem().contains("another chain"));
  }

  @Test
  void aRecordLineWithAnUnknownOrDuplicateFieldOrACoercedNumberIsNotARecord() throws Exception {
    List<AuditChain.Link> links = chain(2, 0);
    String export = export(links, headOf(links));
    for (String tampered :
        List.of(
            export.replace("\"outcome\":200", "\"outcome\":200,\"outcome\":500"),
            export.replace("\"outcome\":200", "\"outcome\":200.9"),
            export.replace("\"outcome\":200", "\"outcome\":\"200\""),
            export.replace("\"outcome\":200", "\"outcome\":200,\"note\":\"x\""))) {
      OfflineVerifier.Result result = verify(tampered, null);
      assertFalse(result.intact(), tampered);
      assertTrue(result.problem().contains("is not a record"), result.describe());
    }
  }

  @Test
  void aPurgedChainVerifiesFromTheSignedAnchorOfItsLastRemovedRecordOnly() throws Exception {
    List<AuditChain.Link> links = chain(10, 0);
    AuditChain.Link lastRemoved = links.get(5);
    SignedHead anchor =
        SignedHead.sign(
            "aurora-general",
            6,
            lastRemoved.hash(),
            Instant.now(),
            KEYS.getPrivate(),
            KID,
            SignedHead.ANCHOR);
    StringBuilder kept =
        new StringBuilder(
                ChainExport.headerLine(headOf(links), 7, lastRemoved.hash(), anchor.jws()))
            .append('\n');
    links.subList(6, 10).forEach(l -> kept.append(ChainExport.recordLine(l)).append('\n'));
    OfflineVerifier.Result result = verify(kept.toString(), null);
    assertTrue(result.intact(), result.describe());
    assertEquals(4, result.checked());
    // an anchor for another place, or a head signed as an ordinary one, proves nothing
    for (SignedHead other : List.of(headOf(links.subList(0, 5)), headOf(links.subList(0, 6)))) {
      String wrong = kept.toString().replace(anchor.jws(), other.jws());
      assertTrue(verify(wrong, null).problem().contains("signed anchor"), wrong);
    }
    // a head kept from before the purge can no longer be checked: said so, never "verified"
    OfflineVerifier.Result older = verify(kept.toString(), headOf(links.subList(0, 3)));
    assertFalse(older.intact());
    assertTrue(older.problem().contains("purge anchor"), older.describe());
    // the anchor's own head is the earliest one that still holds
    assertTrue(verify(kept.toString(), anchor).intact());
  }

  @Test
  void anExportThatStartsLaterThanTheFirstRecordProvesNothingAndIsRefused() throws Exception {
    List<AuditChain.Link> links = chain(10, 0);
    SignedHead kept = headOf(links.subList(0, 6));
    // from the kept head on only: records 1 to 6 could have been rewritten unseen
    StringBuilder later =
        new StringBuilder(ChainExport.headerLine(headOf(links), 7, links.get(5).hash(), null))
            .append('\n');
    links.subList(6, 10).forEach(l -> later.append(ChainExport.recordLine(l)).append('\n'));
    OfflineVerifier.Result result = verify(later.toString(), kept);
    assertFalse(result.intact());
    assertTrue(result.problem().contains("first record"), result.describe());
  }
}
