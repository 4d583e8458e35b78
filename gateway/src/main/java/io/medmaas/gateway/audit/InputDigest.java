package io.medmaas.gateway.audit;

import io.medmaas.gateway.GatewayConfig;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed digest of a request body for the audit log, under a key of the request's tenant: within a
 * tenant equal inputs give equal digests, but without the key nobody can test a guessed input
 * against the log (a plain hash of a small clinical record could be brute-forced), and one
 * patient's digests cannot be linked across hospitals. Each tenant's key is derived from the
 * platform's master ({@code medmaas.audit.digest-key}): HMAC-SHA-256(master, "medmaas input digest
 * v1", NUL, tenant). A digest names the master it came from, {@code hmac-sha256:<key id>:<hex>}, so
 * the master can rotate and digests of one key id are compared only with each other.
 */
@ApplicationScoped
public class InputDigest {

  static final int MAX_TENANT_KEYS = 100_000;

  private final byte[] master;
  private final String keyId;
  private final Map<String, SecretKeySpec> tenantKeys = new ConcurrentHashMap<>();

  @Inject
  public InputDigest(GatewayConfig config) {
    master = Base64.getDecoder().decode(config.audit().digestKey().trim());
    if (master.length < 32) {
      throw new IllegalStateException("medmaas.audit.digest-key must hold at least 32 bytes");
    }
    try {
      keyId =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(concat("medmaas input digest key id\0".getBytes(), master)))
              .substring(0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A digest fed chunk by chunk as a body arrives, under {@code tenant}'s key (null: the records of
   * no tenant's); {@link Running#finish()} gives its value.
   */
  public Running start(String tenant) {
    if (tenantKeys.size() >= MAX_TENANT_KEYS) {
      tenantKeys.clear();
    }
    SecretKeySpec key = tenantKeys.computeIfAbsent(tenant == null ? "" : tenant, this::derive);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return new Running(mac, keyId);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The digest of a body being read. */
  public static final class Running {
    private final Mac mac;
    private final String keyId;

    private Running(Mac mac, String keyId) {
      this.mac = mac;
      this.keyId = keyId;
    }

    public void update(Buffer chunk) {
      mac.update(chunk.getByteBuf().nioBuffer());
    }

    public String finish() {
      return "hmac-sha256:" + keyId + ":" + HexFormat.of().formatHex(mac.doFinal());
    }
  }

  private SecretKeySpec derive(String tenant) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(master, "HmacSHA256"));
      byte[] key =
          mac.doFinal(
              concat(
                  "medmaas input digest v1\0".getBytes(StandardCharsets.US_ASCII),
                  tenant.getBytes(StandardCharsets.UTF_8)));
      return new SecretKeySpec(key, "HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
