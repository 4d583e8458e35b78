package io.medmaas.ui.auth;

import io.medmaas.ui.UiConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The hospitals people sign in at, looked up by what a person types: a tenant id, or a work e-mail
 * address whose domain a hospital claims. A hospital is the console's configuration's ({@code
 * medmaas.ui.hospitals.<id>}: the platform, and hospitals whose people sign in by e-mail address),
 * else tenant-admin's, asked through the gateway ({@link HospitalDirectory}). There is no way to
 * list them: an anonymous visitor learns only whether the one thing they named is known.
 */
@ApplicationScoped
public class Hospitals {

  /** The platform's own staff sign in at the platform realm under this name. */
  public static final String PLATFORM = "platform";

  @Inject UiConfig config;
  @Inject HospitalDirectory directory;

  /** The hospital of a tenant id; asks the gateway (without blocking) when it must. */
  public Uni<Optional<Hospital>> byId(String id) {
    if (!valid(id)) {
      return Uni.createFrom().item(Optional.empty());
    }
    Optional<Hospital> configured = configured(id);
    if (configured.isPresent() || PLATFORM.equals(id)) {
      return Uni.createFrom().item(configured);
    }
    return directory.lookup(id);
  }

  /**
   * The hospital of a tenant id as last known, without asking anyone: for what must not wait (a
   * response's headers, a sign-out).
   */
  public Optional<Hospital> lastKnown(String id) {
    if (!valid(id)) {
      return Optional.empty();
    }
    Optional<Hospital> configured = configured(id);
    return configured.isPresent() || PLATFORM.equals(id) ? configured : directory.lastKnown(id);
  }

  private Optional<Hospital> configured(String id) {
    UiConfig.Hospital hospital = config.hospitals().get(id);
    return hospital == null
        ? Optional.empty()
        : Optional.of(
            new Hospital(hospital.issuer(), hospital.clientId(), hospital.rolesClaim(), null));
  }

  private static boolean valid(String id) {
    return id != null && id.matches("[a-z0-9][a-z0-9-]{1,62}");
  }

  /** The tenant id a person means by {@code typed} (an id or an e-mail address), if any. */
  public Uni<Optional<String>> idFor(String typed) {
    if (typed == null) {
      return Uni.createFrom().item(Optional.empty());
    }
    String value = typed.strip().toLowerCase(Locale.ROOT);
    if (value.length() > 254) {
      return Uni.createFrom().item(Optional.empty());
    }
    int at = value.lastIndexOf('@');
    if (at < 0) {
      return byId(value).map(h -> h.map(found -> value));
    }
    String domain = value.substring(at + 1);
    for (Map.Entry<String, UiConfig.Hospital> entry : config.hospitals().entrySet()) {
      if (entry.getValue().emailDomains().orElse(List.of()).stream()
          .anyMatch(d -> d.equalsIgnoreCase(domain))) {
        return Uni.createFrom().item(Optional.of(entry.getKey()));
      }
    }
    return Uni.createFrom().item(Optional.empty());
  }
}
