package io.medmaas.gateway.audit;

import io.medmaas.common.audit.AuditRecord;
import io.medmaas.common.caller.RequestIds;
import io.medmaas.common.problem.Problem;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.gateway.auth.GatewayCaller;
import io.medmaas.gateway.tenant.TenantDirectory;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The one place where the gateway's access audit happens: every request to {@code /api/}, allowed
 * or denied, leaves one record in the registry before its response leaves. If the record cannot be
 * written the caller gets 503 instead of an unaudited answer.
 */
public class AuditFilter {

  private static final Logger LOG = Logger.getLogger(AuditFilter.class);

  @Inject AuditContext audit;
  @Inject AuditWriter writer;
  @Inject TenantDirectory tenants;
  @Inject CurrentIdentityAssociation identities;

  @ServerRequestFilter(preMatching = true)
  public void begin(ContainerRequestContext request) {
    String requestId = RequestIds.newId();
    audit.begin(requestId, System.nanoTime());
    request.getHeaders().putSingle(RequestIds.HEADER, requestId);
  }

  @ServerResponseFilter
  public Uni<Void> record(
      ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
    response.getHeaders().putSingle(RequestIds.HEADER, audit.requestId());
    if (!audited(request.getUriInfo().getPath())) {
      return Uni.createFrom().voidItem();
    }
    return identities
        .getDeferredIdentity()
        .onFailure()
        .recoverWithNull()
        .chain(identity -> writer.append(entry(request, response, resource, identity)))
        .onFailure()
        .recoverWithUni(
            e -> {
              LOG.errorf(
                  "Audit record %s could not be written: %s", audit.requestId(), e.getMessage());
              Problem problem =
                  Problem.of(
                      ProblemType.UNAVAILABLE,
                      "The request could not be audited, so it was not answered; retry shortly",
                      audit.requestId());
              response.setStatus(problem.status());
              response.getHeaders().putSingle("Content-Type", Problem.MEDIA_TYPE);
              response.setEntity(problem);
              return Uni.createFrom().voidItem();
            });
  }

  /** The APIs that touch tenant data: native and Open Inference model paths. */
  static boolean audited(String path) {
    return path.startsWith("/api/") || path.startsWith("/v2/models");
  }

  private AuditRecord entry(
      ContainerRequestContext request,
      ContainerResponseContext response,
      ResourceInfo resource,
      SecurityIdentity identity) {
    Optional<GatewayCaller> caller = GatewayCaller.from(identity, tenants);
    long latencyMs = (System.nanoTime() - audit.startNanos()) / 1_000_000;
    String model = request.getUriInfo().getPathParameters().getFirst("model");
    return AuditRecord.access(
        Instant.now(),
        audit.requestId(),
        caller.map(GatewayCaller::tenant).orElse(null),
        caller.map(GatewayCaller::subject).orElse(null),
        action(resource, request),
        model,
        audit.modelVersion(),
        response.getStatus(),
        (int) Math.min(latencyMs, Integer.MAX_VALUE),
        audit.inputDigest());
  }

  private static String action(ResourceInfo resource, ContainerRequestContext request) {
    Method method = resource == null ? null : resource.getResourceMethod();
    Audited audited = method == null ? null : method.getAnnotation(Audited.class);
    return audited != null ? audited.value() : "api.unmatched";
  }
}
