package io.medmaas.ui.auth;

import io.medmaas.ui.UiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The hospitals people sign in at, looked up by what a person types: a tenant id, or a work e-mail
 * address whose domain a hospital claims. There is no way to list them: an anonymous visitor learns
 * only whether the one thing they named is known.
 */
@ApplicationScoped
public class Hospitals {

  /** The platform's own staff sign in at the platform realm under this name. */
  public static final String PLATFORM = "platform";

  @Inject UiConfig config;

  /** The hospital of a tenant id. */
  public Optional<UiConfig.Hospital> byId(String id) {
    if (id == null || !id.matches("[a-z0-9][a-z0-9-]{1,62}")) {
      return Optional.empty();
    }
    return Optional.ofNullable(config.hospitals().get(id));
  }

  /** The tenant id a person means by {@code typed} (an id or an e-mail address), if any. */
  public Optional<String> idFor(String typed) {
    if (typed == null) {
      return Optional.empty();
    }
    String value = typed.strip().toLowerCase(Locale.ROOT);
    if (value.length() > 254) {
      return Optional.empty();
    }
    int at = value.lastIndexOf('@');
    if (at < 0) {
      return byId(value).map(h -> value);
    }
    String domain = value.substring(at + 1);
    for (Map.Entry<String, UiConfig.Hospital> entry : config.hospitals().entrySet()) {
      if (entry.getValue().emailDomains().orElse(java.util.List.of()).stream()
          .anyMatch(d -> d.equalsIgnoreCase(domain))) {
        return Optional.of(entry.getKey());
      }
    }
    return Optional.empty();
  }
}
