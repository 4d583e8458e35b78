package io.medmaas.common.access;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The roles medmaas knows. A hospital's identity provider can grant the hospital roles only; the
 * platform's own realm grants the platform roles; the gateway's service token carries its own.
 */
public enum Role {
  CLINICIAN("clinician"),
  CLINICAL_SYSTEM("clinical-system"),
  HOSPITAL_ADMIN("hospital-admin"),
  AUDITOR("auditor"),
  MODEL_PUBLISHER("model-publisher"),
  PLATFORM_ADMIN("platform-admin"),
  /** The gateway's own service calls (the tenant list); never a person's role. */
  GATEWAY("medmaas-gateway");

  /** What a hospital's identity provider may grant. */
  public static final Set<Role> HOSPITAL =
      EnumSet.of(CLINICIAN, CLINICAL_SYSTEM, HOSPITAL_ADMIN, AUDITOR, MODEL_PUBLISHER);

  /** What the platform's own realm may grant. */
  public static final Set<Role> PLATFORM = EnumSet.of(PLATFORM_ADMIN, AUDITOR);

  private final String id;

  Role(String id) {
    this.id = id;
  }

  /** The role's name in tokens. */
  public String id() {
    return id;
  }

  public static Optional<Role> of(String id) {
    for (Role role : values()) {
      if (role.id.equals(id)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
