package io.medmaas.registry.verification;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The platform's check of a card's metric claims.
 *
 * @param status {@code verified} (every claim within tolerance), {@code unverified} (a claim
 *     differs, or could not be checked)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verification(
    String status,
    Map<String, Double> claimed,
    Map<String, Double> measured,
    List<String> differences,
    String reason,
    Integer rows,
    Instant at) {

  public static final String VERIFIED = "verified";
  public static final String UNVERIFIED = "unverified";

  public static Verification notPossible(String reason) {
    return new Verification(UNVERIFIED, null, null, null, reason, null, Instant.now());
  }
}
