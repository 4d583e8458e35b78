package io.medmaas.inference.model;

import io.medmaas.common.access.Role;
import io.medmaas.common.caller.InternalToken;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.inference.registry.ModelVersionInfo;
import java.util.Set;

/**
 * Which versions a caller may be served, by the version's stage: production and staging to every
 * caller who may predict; a draft only to its owner's publishers and admins, who try it before it
 * is staged; an archived version to nobody. Applied to every resolution, cached or not, so a
 * version archived is refused as soon as its new stage is known.
 */
public final class ServingRules {

  private static final Set<String> TRYERS =
      Set.of(Role.MODEL_PUBLISHER.id(), Role.HOSPITAL_ADMIN.id(), Role.PLATFORM_ADMIN.id());

  private ServingRules() {}

  public static boolean allows(Requester who, ModelVersionInfo info) {
    if (!entitled(who, info)) {
      return false;
    }
    String stage = info.stage() == null ? "" : info.stage();
    return switch (stage) {
      case "production", "staging" -> true;
      case "draft" -> who.tenant().equals(info.owner()) && tries(who);
      default -> false;
    };
  }

  /** The version, if this caller may be served it; else 404 saying why, for a model it sees. */
  public static ModelVersionInfo check(Requester who, ModelVersionInfo info) {
    if (allows(who, info)) {
      return info;
    }
    if (!entitled(who, info)) {
      // as the registry answers for a model the tenant may not see: nothing about it
      throw ProblemException.notFound("Model");
    }
    String which = "Version " + info.version() + " of model '" + info.model() + "'";
    if ("draft".equals(info.stage())) {
      throw new ProblemException(
          ProblemType.NOT_FOUND,
          which
              + " is a draft: only its owner's publishers and admins may use it until it is"
              + " staged");
    }
    throw new ProblemException(ProblemType.NOT_FOUND, which + " is archived and no longer served");
  }

  /**
   * A platform model serves a hospital only while the hospital is entitled to it, as the caller's
   * internal token says now: a resolution cached before a withdrawal does not outlive it.
   */
  private static boolean entitled(Requester who, ModelVersionInfo info) {
    return !InternalToken.PLATFORM_TENANT.equals(info.owner())
        || InternalToken.PLATFORM_TENANT.equals(who.tenant())
        || who.entitled().contains(info.model());
  }

  private static boolean tries(Requester who) {
    for (String role : who.roles()) {
      if (TRYERS.contains(role)) {
        return true;
      }
    }
    return false;
  }
}
