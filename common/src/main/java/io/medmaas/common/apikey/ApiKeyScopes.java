package io.medmaas.common.apikey;

import io.medmaas.common.access.Action;
import io.medmaas.common.access.Role;
import io.medmaas.common.naming.Names;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an API key's scopes let it do, in terms of the role table's actions, and for which models. A
 * key does only what its scopes name: {@code predict} (predictions, metadata and readiness of any
 * model its tenant may use), {@code predict:<model>} (the same for one model), {@code models:read}
 * (the catalog) and {@code audit:read} (its tenant's audit records). Nothing else (uploads, the
 * lifecycle, keys, tenants) is ever open to a key.
 */
public final class ApiKeyScopes {

  public static final String PREDICT = "predict";
  public static final String MODELS_READ = "models:read";
  public static final String AUDIT_READ = "audit:read";

  private static final Set<Action> PREDICTION =
      EnumSet.of(Action.MODEL_PREDICT, Action.MODEL_METADATA, Action.MODEL_READY);
  private static final Set<Action> CATALOG = EnumSet.of(Action.MODEL_LIST, Action.MODEL_READ);

  private ApiKeyScopes() {}

  /** Whether {@code scope} is one a key may hold. */
  public static boolean valid(String scope) {
    return scope != null
        && (scope.equals(PREDICT)
            || scope.equals(MODELS_READ)
            || scope.equals(AUDIT_READ)
            || (scope.startsWith(PREDICT + ":")
                && Names.isModel(scope.substring(PREDICT.length() + 1))));
  }

  /**
   * Whether a key with {@code scopes}, limited to {@code models} (null: no limit), may do {@code
   * action} on {@code model} (null for actions on no one model).
   */
  public static boolean allows(
      List<String> scopes, List<String> models, Action action, String model) {
    if (action == null) {
      return false;
    }
    if (model != null && models != null && !models.contains(model)) {
      return false;
    }
    for (String scope : scopes) {
      if (grants(scope, action, model)) {
        return true;
      }
    }
    return false;
  }

  private static boolean grants(String scope, Action action, String model) {
    if (PREDICTION.contains(action)) {
      return scope.equals(PREDICT) || (model != null && scope.equals(PREDICT + ":" + model));
    }
    if (CATALOG.contains(action)) {
      return scope.equals(MODELS_READ);
    }
    return action == Action.AUDIT_READ && scope.equals(AUDIT_READ);
  }

  /**
   * The role the internal services see for a key's caller on {@code action}: the gateway has
   * already held the request to the key's scopes, so this is only what lets the service serve it.
   */
  public static Optional<String> internalRole(Action action) {
    if (PREDICTION.contains(action) || CATALOG.contains(action)) {
      return Optional.of(Role.CLINICAL_SYSTEM.id());
    }
    return action == Action.AUDIT_READ ? Optional.of(Role.AUDITOR.id()) : Optional.empty();
  }
}
