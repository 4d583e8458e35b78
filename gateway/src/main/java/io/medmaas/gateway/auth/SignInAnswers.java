package io.medmaas.gateway.auth;

import io.medmaas.common.problem.ProblemType;
import io.medmaas.gateway.pipeline.Answer;
import io.medmaas.gateway.pipeline.Exchange;
import io.medmaas.gateway.pipeline.LocalAnswerer;
import io.medmaas.gateway.pipeline.Rejection;
import io.medmaas.gateway.routes.Routes;
import io.medmaas.gateway.tenant.KnownTenant;
import io.medmaas.gateway.tenant.TenantDirectory;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Where an active hospital's people sign in, for the web console before anyone is signed in: its
 * issuer and nothing more (how its provider names roles is for the signed-in, {@link
 * CallerAnswers}), answered from the gateway's own {@link TenantDirectory} (no call to tenant-admin
 * per request). An unknown, suspended or deleted id, and the platform's own, get the same 404;
 * there is no list, so a caller learns only about the one id it named. Each 404 counts against the
 * caller's address as a failed credential does ({@link FailedCredentials}); an address past its
 * allowance gets 429 for every id, known or not, until its window ends, so the answer tells it
 * nothing meanwhile.
 */
@ApplicationScoped
public class SignInAnswers implements LocalAnswerer {

  @Inject TenantDirectory directory;
  @Inject FailedCredentials failures;

  @Override
  public String name() {
    return Routes.SIGN_IN;
  }

  @Override
  public Future<Answer> answer(Exchange exchange) {
    String id = exchange.match().params().get("tenant");
    long blocked = failures.waitOf(FailedCredentials.clientOf(exchange));
    if (blocked > 0) {
      return Future.failedFuture(tooMany(blocked));
    }
    return directory
        .forId(id)
        .recover(
            failure ->
                Future.failedFuture(
                    new Rejection(
                            ProblemType.UNAVAILABLE,
                            "The hospitals' sign-in details are not known yet; try again shortly")
                        .with("Retry-After", "5")))
        .map(found -> found.filter(KnownTenant::active))
        .map(active -> answerFor(exchange, active));
  }

  private Answer answerFor(Exchange exchange, Optional<KnownTenant> active) {
    if (active.isEmpty()) {
      long wait = failures.failed(FailedCredentials.clientOf(exchange));
      throw wait == 0
          ? new Rejection(ProblemType.NOT_FOUND, "There is no hospital with this id")
          : tooMany(wait);
    }
    KnownTenant tenant = active.get();
    JsonObject body = new JsonObject().put("tenant", tenant.id()).put("issuer", tenant.issuer());
    return new Answer(200, "application/json", Buffer.buffer(body.encode()), null);
  }

  private static Rejection tooMany(long wait) {
    return new Rejection(
            ProblemType.TOO_MANY_REQUESTS,
            "Too many unknown hospitals asked from this address; retry in " + wait + " s")
        .with("Retry-After", String.valueOf(wait));
  }
}
