package io.medmaas.ui.auth;

import io.medmaas.ui.UiConfig;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The tenants people sign in at, looked up by what a person types: a tenant id, or a work e-mail
 * address whose domain a hospital claims. The platform's staff sign in at the provider the
 * console's configuration names; a hospital's provider is tenant-admin's, asked through the gateway
 * ({@link HospitalDirectory}), and only an active hospital has one. The configuration adds to a
 * hospital only its e-mail domains and, where it differs, the console's client id there. There is
 * no way to list them: an anonymous visitor learns only whether the one thing they named is known.
 */
@ApplicationScoped
public class Hospitals {

  /** The platform's own staff sign in at the platform realm under this name. */
  public static final String PLATFORM = "platform";

  @Inject UiConfig config;
  @Inject HospitalDirectory directory;

  @PostConstruct
  void check() {
    config
        .hospitals()
        .forEach(
            (id, hospital) -> {
              if (!PLATFORM.equals(id) && hospital.issuer().isPresent()) {
                throw new IllegalStateException(
                    "medmaas.ui.hospitals."
                        + id
                        + ".issuer: a hospital's provider is tenant-admin's data, not the"
                        + " console's; set only its email-domains (or client-id) here");
              }
            });
  }

  /**
   * The sign-in of a tenant id; asks the gateway (without blocking, for the visitor at {@code
   * visitor}) when it must.
   */
  public Uni<Optional<Hospital>> byId(String id, String visitor) {
    if (!valid(id)) {
      return Uni.createFrom().item(Optional.empty());
    }
    if (PLATFORM.equals(id)) {
      return Uni.createFrom().item(platform());
    }
    String clientId = clientId(id);
    return directory
        .lookup(id, visitor)
        .map(found -> found.map(issuer -> new Hospital(issuer, clientId)));
  }

  /**
   * The sign-in of a tenant id as last known, without asking anyone: for what must not wait (a
   * response's headers, a sign-out).
   */
  public Optional<Hospital> lastKnown(String id) {
    if (!valid(id)) {
      return Optional.empty();
    }
    if (PLATFORM.equals(id)) {
      return platform();
    }
    return directory.lastKnown(id).map(issuer -> new Hospital(issuer, clientId(id)));
  }

  private Optional<Hospital> platform() {
    UiConfig.Hospital platform = config.hospitals().get(PLATFORM);
    return platform == null
        ? Optional.empty()
        : platform.issuer().map(issuer -> new Hospital(issuer, platform.clientId()));
  }

  private String clientId(String id) {
    UiConfig.Hospital configured = config.hospitals().get(id);
    return configured == null ? Hospital.CONSOLE_CLIENT : configured.clientId();
  }

  private static boolean valid(String id) {
    return id != null && id.matches("[a-z0-9][a-z0-9-]{1,62}");
  }

  /**
   * The tenant id a person means by {@code typed} (an id or an e-mail address), if it signs in now.
   */
  public Uni<Optional<String>> idFor(String typed, String visitor) {
    if (typed == null) {
      return Uni.createFrom().item(Optional.empty());
    }
    String value = typed.strip().toLowerCase(Locale.ROOT);
    if (value.length() > 254) {
      return Uni.createFrom().item(Optional.empty());
    }
    int at = value.lastIndexOf('@');
    String id = at < 0 ? value : byDomain(value.substring(at + 1));
    if (id == null) {
      return Uni.createFrom().item(Optional.empty());
    }
    return byId(id, visitor).map(h -> h.map(found -> id));
  }

  private String byDomain(String domain) {
    for (Map.Entry<String, UiConfig.Hospital> entry : config.hospitals().entrySet()) {
      if (entry.getValue().emailDomains().orElse(List.of()).stream()
          .anyMatch(d -> d.equalsIgnoreCase(domain))) {
        return entry.getKey();
      }
    }
    return null;
  }
}
