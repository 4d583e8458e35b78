package io.medmaas.registry.audit.api;

import io.medmaas.common.access.Action;
import io.medmaas.common.access.Permits;
import io.medmaas.common.http.Pages;
import io.medmaas.registry.audit.service.AuditCsv;
import io.medmaas.registry.audit.service.AuditFhir;
import io.medmaas.registry.audit.service.AuditLog;
import io.medmaas.registry.audit.service.AuditRetention;
import io.medmaas.registry.audit.service.ChainExporter;
import io.medmaas.registry.audit.service.ChainHeads;
import io.medmaas.registry.audit.service.ChainVerifier;
import io.medmaas.registry.audit.service.HeadSigner;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * The audit log, read by a tenant's auditors and hospital admins (their own tenant's records). It
 * is appended to by the gateway directly, through an INSERT-only database role (ADR 0008), never
 * over HTTP.
 */
@Path("/internal/audit-events")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class AuditResource {

  @Inject AuditLog log;
  @Inject ChainVerifier verifier;
  @Inject ChainHeads heads;
  @Inject ChainExporter exporter;
  @Inject HeadSigner signer;
  @Inject AuditCsv csv;
  @Inject AuditFhir fhir;
  @Inject AuditRetention retention;

  /**
   * The caller's tenant's records, newest first, filtered (see {@link AuditFilter}); the platform's
   * callers may choose a tenant ({@code tenant}) or the tenantless records ({@code tenantless}).
   * Paged by number ({@code page}, with {@code total}) or by {@code cursor} (each page's {@code
   * next}).
   */
  @GET
  @Permits(Action.AUDIT_READ)
  public AuditPage list(
      @QueryParam("page") @DefaultValue("0") String page,
      @QueryParam("size") @DefaultValue("50") String size,
      @QueryParam("cursor") String cursor,
      @BeanParam SearchParams search) {
    return log.search(
        search.tenant,
        search.tenantless,
        search.filter(),
        cursor,
        Pages.number("page", page),
        Pages.number("size", size));
  }

  /**
   * The same search as CSV, every matching record, newest first, streamed ({@link
   * io.medmaas.registry.audit.service.AuditCsv}).
   */
  @GET
  @Path("/csv")
  @Produces("text/csv")
  @Permits(Action.AUDIT_READ)
  public Response csv(@BeanParam SearchParams search) {
    return Response.ok(
            csv.export(search.tenant, search.tenantless, search.filter()),
            "text/csv; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"audit-events.csv\"")
        .build();
  }

  /**
   * The same search as a FHIR R4 Bundle of AuditEvent resources (IHE BALP), every matching record,
   * newest first, streamed ({@link AuditFhir}).
   */
  @GET
  @Path("/fhir")
  @Produces(AuditFhir.MEDIA_TYPE)
  @Permits(Action.AUDIT_READ)
  public Response fhir(@BeanParam SearchParams search) {
    return Response.ok(
            fhir.export(search.tenant, search.tenantless, search.filter()),
            AuditFhir.MEDIA_TYPE + "; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"audit-events.fhir.json\"")
        .build();
  }

  /**
   * Re-walks a hash chain: the caller's tenant's, or (the platform's callers) {@code tenant}'s or
   * the tenantless one's; another tenant's chain is not found.
   */
  @GET
  @Path("/verify")
  @Permits(Action.AUDIT_VERIFY)
  public ChainReport verify(
      @QueryParam("tenant") String tenant,
      @QueryParam("tenantless") @DefaultValue("false") boolean tenantless) {
    return verifier.verify(tenant, tenantless);
  }

  /** The chain's head, signed now: keep it to check the log against later. */
  @GET
  @Path("/head")
  @Permits(Action.AUDIT_VERIFY)
  public SignedHeadView head(
      @QueryParam("tenant") String tenant,
      @QueryParam("tenantless") @DefaultValue("false") boolean tenantless) {
    return heads.current(tenant, tenantless);
  }

  /**
   * The chain for offline verification ({@code ./maas verify-audit}): its head signed now, then
   * every record to it, as JSON lines.
   */
  @GET
  @Path("/export")
  @Produces("application/x-ndjson")
  @Permits(Action.AUDIT_VERIFY)
  public Response export(
      @QueryParam("tenant") String tenant,
      @QueryParam("tenantless") @DefaultValue("false") boolean tenantless) {
    return Response.ok(exporter.export(tenant, tenantless), "application/x-ndjson").build();
  }

  /**
   * Removes a chain's records older than the retention period ({@code before} may say an earlier
   * day), leaving an anchor the chain verifies from: the platform's admins only.
   */
  @POST
  @Path("/purge")
  @Permits(Action.AUDIT_PURGE)
  public PurgeReport purge(
      @QueryParam("tenant") String tenant,
      @QueryParam("tenantless") @DefaultValue("false") boolean tenantless,
      @QueryParam("before") String before) {
    return retention.purge(tenant, tenantless, before);
  }

  /** The public keys that verify signed heads: nothing secret, for anyone. */
  @GET
  @Path("/signing-keys")
  @PermitAll
  public Map<String, List<Map<String, String>>> signingKeys() {
    return signer.publicKeys();
  }
}
