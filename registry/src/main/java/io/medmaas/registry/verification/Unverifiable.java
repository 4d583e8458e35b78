package io.medmaas.registry.verification;

/**
 * Why a validation set cannot verify a card, in the platform's own words: the message is stored
 * with the version and shown to callers, so it never quotes a cell of the set.
 */
public class Unverifiable extends RuntimeException {

  public Unverifiable(String reason) {
    super(reason, null, false, false);
  }
}
