package io.medmaas.gateway.audit;

import io.medmaas.gateway.GatewayConfig;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed digest of a request body for the audit log: equal inputs give equal digests, but without
 * the key nobody can test a guessed input against the log (a plain hash of a small clinical record
 * could be brute-forced).
 */
@ApplicationScoped
public class InputDigest {

  private final SecretKeySpec key;

  @Inject
  public InputDigest(GatewayConfig config) {
    byte[] secret = Base64.getDecoder().decode(config.audit().digestKey().trim());
    if (secret.length < 32) {
      throw new IllegalStateException("medmaas.audit.digest-key must hold at least 32 bytes");
    }
    key = new SecretKeySpec(secret, "HmacSHA256");
  }

  /** A digest fed chunk by chunk as a body arrives; {@link Running#finish()} gives its value. */
  public Running start() {
    return new Running(newMac());
  }

  /** The digest of a body being read. */
  public static final class Running {
    private final Mac mac;

    private Running(Mac mac) {
      this.mac = mac;
    }

    public void update(Buffer chunk) {
      mac.update(chunk.getByteBuf().nioBuffer());
    }

    public String finish() {
      return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal());
    }
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
