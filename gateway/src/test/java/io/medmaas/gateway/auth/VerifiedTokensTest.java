package io.medmaas.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.medmaas.gateway.pipeline.GatewayCaller;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

  private static final GatewayCaller CALLER =
      new GatewayCaller(
          "aurora-general", "u-1", "dr.ada", null, "j-1", Set.of("clinician"), Set.of());

  @Test
  void aVerifiedTokenIsReusedUntilItsExpiry() throws InterruptedException {
    VerifiedTokens tokens = new VerifiedTokens(10, 60_000);
    tokens.put("t", CALLER, System.currentTimeMillis() + 150, 1);
    assertEquals(CALLER, tokens.get("t", 1));
    Thread.sleep(200);
    assertNull(tokens.get("t", 1), "never past the token's exp");
  }

  @Test
  void andNoLongerThanTheBound() throws InterruptedException {
    VerifiedTokens tokens = new VerifiedTokens(10, 100);
    tokens.put("t", CALLER, System.currentTimeMillis() + 3_600_000, 1);
    assertEquals(CALLER, tokens.get("t", 1));
    Thread.sleep(150);
    assertNull(tokens.get("t", 1));
  }

  @Test
  void aChangedTenantListMakesItBeVerifiedAgain() {
    VerifiedTokens tokens = new VerifiedTokens(10, 60_000);
    tokens.put("t", CALLER, System.currentTimeMillis() + 60_000, 1);
    assertNull(tokens.get("t", 2));
    assertNull(tokens.get("t", 1), "the stale entry is gone");
  }

  @Test
  void anExpiredTokenIsNeverKeptAndTheCacheIsBounded() {
    VerifiedTokens tokens = new VerifiedTokens(3, 60_000);
    tokens.put("old", CALLER, System.currentTimeMillis() - 1, 1);
    assertEquals(0, tokens.size());
    for (int i = 0; i < 10; i++) {
      tokens.put("t" + i, CALLER, System.currentTimeMillis() + 60_000, 1);
    }
    assertEquals(true, tokens.size() <= 3, "bounded: " + tokens.size());
  }
}
