package io.medmaas.gateway.routes;

import static io.medmaas.gateway.routes.BodyKind.JSON;
import static io.medmaas.gateway.routes.BodyKind.MULTIPART;
import static io.medmaas.gateway.routes.BodyKind.TENSORS;
import static io.medmaas.gateway.routes.Upstream.INFERENCE;
import static io.medmaas.gateway.routes.Upstream.REGISTRY;
import static io.medmaas.gateway.routes.Upstream.TENANT_ADMIN;

import io.medmaas.common.access.Action;
import java.util.List;

/**
 * Every public route of the gateway and where it leads. Adding a route is one entry here; the
 * pipeline authenticates, authorizes, forwards and audits it, and the OpenAPI document lists it.
 */
public final class Routes {

  public static final String MODEL_VERSION = "X-Model-Version";

  /** How many instances inference's answer holds (kept for the audit record, not relayed). */
  public static final String INSTANCES = "X-Instances";

  /** Relayed from every internal answer that has it (429 and 503 say when to come back). */
  public static final String RETRY_AFTER = "Retry-After";

  public static final String OIP_HEADER_LENGTH = "Inference-Header-Content-Length";

  /**
   * Predictions take {@code medmaas.limits.prediction-body} (8 MiB by default: 64 tabular instances
   * need a few KiB, a batch of images a few MiB).
   */
  static final long PREDICTION_BODY = Route.PREDICTION_LIMIT;

  /** Uploads take the gateway's own limit ({@code quarkus.http.limits.max-body-size}). */
  static final long UPLOAD_BODY = 0;

  private static final String MODEL = "/api/v1/models/{model}";
  private static final String VERSION = MODEL + "/versions/{version}";
  private static final String TENANTS = "/api/v1/tenants";

  /** The gateway's own answer to where a hospital's people sign in. */
  public static final String SIGN_IN = "sign-in";

  /** The gateway's own answer to who the caller is. */
  public static final String ME = "me";

  private static final String TENANT = TENANTS + "/{tenant}";
  private static final String OIP_MODEL = "/v2/models/{model}";
  private static final String OIP_VERSION = OIP_MODEL + "/versions/{version}";

  // spotless:off
  public static final List<Route> ALL =
      List.of(
          // predictions
          Route.post(MODEL + "/predict").action(Action.MODEL_PREDICT)
              .to(INFERENCE, "/internal/models/{model}/predict").onward(REGISTRY).digested(JSON, PREDICTION_BODY)
              .relaying(MODEL_VERSION)
              .summary("Predict with the model's production version"),
          Route.post(VERSION + "/predict").action(Action.MODEL_PREDICT)
              .to(INFERENCE, "/internal/models/{model}/versions/{version}/predict").onward(REGISTRY)
              .digested(JSON, PREDICTION_BODY).relaying(MODEL_VERSION)
              .summary("Predict with one pinned version of the model"),
          Route.get(MODEL + "/metadata").action(Action.MODEL_METADATA)
              .to(INFERENCE, "/internal/models/{model}/metadata").onward(REGISTRY)
              .summary("Signature, card summary and serving state of the production version"),
          Route.get(VERSION + "/metadata").action(Action.MODEL_METADATA)
              .to(INFERENCE, "/internal/models/{model}/versions/{version}/metadata").onward(REGISTRY)
              .summary("Signature, card summary and serving state of one version"),
          // the registry
          Route.get("/api/v1/models").action(Action.MODEL_LIST)
              .to(REGISTRY, "/internal/models").query("owner", "q", "page", "size")
              .summary("Models the caller's tenant may see (own and platform), paged"),
          Route.get(MODEL).action(Action.MODEL_READ).to(REGISTRY, "/internal/models/{model}")
              .summary("A model with its aliases and versions"),
          Route.get(MODEL + "/versions").action(Action.MODEL_READ)
              .to(REGISTRY, "/internal/models/{model}/versions")
              .summary("The model's versions"),
          Route.get(VERSION).action(Action.MODEL_READ)
              .to(REGISTRY, "/internal/models/{model}/versions/{version}")
              .summary("A version (number or alias: production, staging) with digest and card"),
          Route.get(VERSION + "/card").action(Action.MODEL_READ)
              .to(REGISTRY, "/internal/models/{model}/versions/{version}/card")
              .summary("A version's model card"),
          Route.get(VERSION + "/artifact").action(Action.MODEL_DOWNLOAD)
              .to(REGISTRY, "/internal/models/{model}/versions/{version}/artifact")
              .relaying("X-Artifact-Sha256", "Content-Disposition")
              .summary("The ONNX file; its SHA-256 is in X-Artifact-Sha256"),
          Route.post(MODEL + "/versions").action(Action.MODEL_UPLOAD)
              .to(REGISTRY, "/internal/models/{model}/versions").onward(INFERENCE)
              .digested(MULTIPART, UPLOAD_BODY).changing()
              .summary("Upload a version: multipart fields model (ONNX), card (JSON), validation"),
          Route.post(VERSION + "/stage").action(Action.MODEL_STAGE)
              .to(REGISTRY, "/internal/models/{model}/versions/{version}/stage").body(JSON).changing()
              .summary("Move a version to staging, production or archived"),
          Route.post(VERSION + "/verify").action(Action.MODEL_VERIFY)
              .to(REGISTRY, "/internal/models/{model}/versions/{version}/verify").onward(INFERENCE)
              .changing()
              .summary("Score the attached validation set again and check the card's metrics"),
          Route.delete(VERSION).action(Action.MODEL_DELETE)
              .to(REGISTRY, "/internal/models/{model}/versions/{version}").changing()
              .summary("Delete a draft version (the owner's admins); a version that served is archived"),
          Route.delete(MODEL).action(Action.MODEL_DELETE)
              .to(REGISTRY, "/internal/models/{model}").changing()
              .summary("Delete a model that never reached production, with its versions"),
          Route.post(MODEL + "/rollback").action(Action.MODEL_ROLLBACK)
              .to(REGISTRY, "/internal/models/{model}/rollback").changing()
              .summary("Restore the previous production version"),
          Route.get("/api/v1/audit-events").action(Action.AUDIT_READ)
              .to(REGISTRY, "/internal/audit-events")
              .query("page", "size", "cursor", "from", "to", "subject", "client", "action", "model",
                  "outcome", "tenant", "tenantless")
              .summary("The caller's tenant's audit records, newest first: ?from=&to= (UTC days), subject, client (azp or key id), action, model, outcome (404 or 4xx); paged by page or by cursor (next); platform admins ?tenant= or ?tenantless=true"),
          Route.get("/api/v1/audit-events/csv").action(Action.AUDIT_READ)
              .to(REGISTRY, "/internal/audit-events/csv")
              .query("from", "to", "subject", "client", "action", "model", "outcome", "tenant",
                  "tenantless")
              .streamingAnswer().relaying("Content-Disposition")
              .summary("The same search as CSV (every matching record, newest first, streamed)"),
          Route.get("/api/v1/audit-events/fhir").action(Action.AUDIT_READ)
              .to(REGISTRY, "/internal/audit-events/fhir")
              .query("from", "to", "subject", "client", "action", "model", "outcome", "tenant",
                  "tenantless")
              .streamingAnswer().relaying("Content-Disposition")
              .summary("The same search as a FHIR R4 Bundle of AuditEvent resources (IHE BALP), streamed"),
          Route.get("/api/v1/audit-events/verify").action(Action.AUDIT_VERIFY)
              .to(REGISTRY, "/internal/audit-events/verify").query("tenant", "tenantless")
              .summary("Re-walk a tenant's hash chain (platform admins: ?tenant= any, or ?tenantless=true) and report the first broken link"),
          Route.get("/api/v1/audit-events/head").action(Action.AUDIT_VERIFY)
              .to(REGISTRY, "/internal/audit-events/head").query("tenant", "tenantless")
              .summary("The chain's head, signed now (JWS): keep it to check the log against later"),
          Route.get("/api/v1/audit-events/export").action(Action.AUDIT_VERIFY)
              .to(REGISTRY, "/internal/audit-events/export").query("tenant", "tenantless")
              .streamingAnswer()
              .summary("The chain for offline verification (./maas verify-audit): its signed head, then every record, as JSON lines"),
          Route.post("/api/v1/audit-events/purge").action(Action.AUDIT_PURGE)
              .to(REGISTRY, "/internal/audit-events/purge").query("tenant", "tenantless", "before")
              .changing()
              .summary("Remove a chain's records older than the retention period (six years; ?before= an earlier day), leaving a signed anchor it verifies from"),
          Route.get("/api/v1/audit-events/signing-keys").anyone()
              .to(REGISTRY, "/internal/audit-events/signing-keys")
              .summary("The public keys that verify signed chain heads"),
          Route.get("/api/v1/sign-in/{tenant}").anyone()
              .answeredBy(SIGN_IN)
              .summary("Where an active hospital's people sign in, for the web console: its issuer;"
                  + " 404 for any other id, and no list"),
          Route.get("/api/v1/me").aboutTheCaller().answeredBy(ME)
              .summary("Who the caller is: tenant, subject, user name and medmaas roles, as the"
                  + " gateway reads them from the credential"),
          // tenant-admin: hospitals, their entitlements
          Route.get(TENANTS).action(Action.TENANT_LIST)
              .to(TENANT_ADMIN, "/internal/tenants").query("page", "size")
              .summary("The tenants (hospitals), by id, paged"),
          Route.post(TENANTS).action(Action.TENANT_CREATE)
              .to(TENANT_ADMIN, "/internal/tenants").body(JSON).changing()
              .summary("Onboard a hospital: its identity provider is checked, its tokens work within 5 s"),
          Route.get(TENANT).action(Action.TENANT_READ)
              .to(TENANT_ADMIN, "/internal/tenants/{tenant}")
              .summary("A tenant (a hospital's admins: their own)"),
          Route.patch(TENANT).action(Action.TENANT_UPDATE)
              .to(TENANT_ADMIN, "/internal/tenants/{tenant}").body(JSON).changing()
              .summary("Change a tenant's fields (only those sent)"),
          Route.delete(TENANT).action(Action.TENANT_DELETE)
              .to(TENANT_ADMIN, "/internal/tenants/{tenant}").changing()
              .summary("Delete a tenant: refused at once, its id and records kept for the retention period"),
          Route.post(TENANT + "/suspend").action(Action.TENANT_SUSPEND)
              .to(TENANT_ADMIN, "/internal/tenants/{tenant}/suspend").changing()
              .summary("Suspend a tenant: its tokens and keys get 403 within 5 s"),
          Route.post(TENANT + "/reactivate").action(Action.TENANT_REACTIVATE)
              .to(TENANT_ADMIN, "/internal/tenants/{tenant}/reactivate").changing()
              .summary("Reactivate a suspended tenant"),
          Route.get(TENANT + "/entitlements").action(Action.ENTITLEMENT_LIST)
              .to(TENANT_ADMIN, "/internal/tenants/{tenant}/entitlements")
              .summary("The platform models a tenant is entitled to"),
          Route.put(TENANT + "/entitlements/{model}").action(Action.ENTITLEMENT_GRANT)
              .to(TENANT_ADMIN, "/internal/tenants/{tenant}/entitlements/{model}").onward(REGISTRY)
              .changing()
              .summary("Entitle a tenant to a platform model (404 for a model that does not exist)"),
          Route.delete(TENANT + "/entitlements/{model}").action(Action.ENTITLEMENT_REVOKE)
              .to(TENANT_ADMIN, "/internal/tenants/{tenant}/entitlements/{model}").changing()
              .summary("Withdraw a tenant's entitlement to a platform model"),
          // plans and quotas
          Route.get("/api/v1/plans").action(Action.PLAN_LIST)
              .to(TENANT_ADMIN, "/internal/plans")
              .summary("The plans and the limits each gives"),
          Route.get(TENANT + "/quota").action(Action.QUOTA_READ)
              .to(TENANT_ADMIN, "/internal/tenants/{tenant}/quota")
              .summary("A tenant's plan, overrides and the limits in force"),
          Route.put(TENANT + "/quota").action(Action.QUOTA_UPDATE)
              .to(TENANT_ADMIN, "/internal/tenants/{tenant}/quota").body(JSON).changing()
              .summary("Change a tenant's plan or overrides (in force on every gateway within 5 s)"),
          Route.get(TENANT + "/usage").action(Action.USAGE_READ)
              .to(REGISTRY, "/internal/tenants/{tenant}/usage").query("from", "to")
              .summary("Metered use per UTC day, model, version and outcome (?from=&to= ISO dates)"),
          // partners' API keys
          Route.post(TENANT + "/api-keys").action(Action.API_KEY_CREATE)
              .to(TENANT_ADMIN, "/internal/tenants/{tenant}/api-keys").body(JSON).changing()
              .summary("Create an API key (name, scopes, expiresAt, models, limits): its secret is in this answer only"),
          Route.get(TENANT + "/api-keys").action(Action.API_KEY_LIST)
              .to(TENANT_ADMIN, "/internal/tenants/{tenant}/api-keys")
              .summary("The tenant's API keys, newest first, with when each was last used; never a secret"),
          Route.post(TENANT + "/api-keys/{key}/rotate").action(Action.API_KEY_ROTATE)
              .to(TENANT_ADMIN, "/internal/tenants/{tenant}/api-keys/{key}/rotate").body(JSON).changing()
              .summary("Rotate a key: a new key now, the old one until the overlap ends (overlapSeconds)"),
          Route.put(TENANT + "/api-keys/{key}/limits").action(Action.API_KEY_LIMIT)
              .to(TENANT_ADMIN, "/internal/tenants/{tenant}/api-keys/{key}/limits").body(JSON).changing()
              .summary("Set a key's own limits (replacing its old ones; {} for none): the tighter of the key's and the tenant's holds"),
          Route.delete(TENANT + "/api-keys/{key}").action(Action.API_KEY_REVOKE)
              .to(TENANT_ADMIN, "/internal/tenants/{tenant}/api-keys/{key}").changing()
              .summary("Revoke a key: refused by every gateway within 5 s"),
          // Open Inference Protocol v2
          Route.get("/v2").anyone().to(INFERENCE, "/v2")
              .summary("Open Inference Protocol server metadata and extensions"),
          Route.get("/v2/health/live").anyone().answering("{\"live\":true}").summary("The gateway is live"),
          Route.get("/v2/health/ready").anyone().to(INFERENCE, "/v2/health/ready")
              .summary("The gateway and the inference service are ready"),
          Route.get(OIP_MODEL).action(Action.MODEL_METADATA)
              .to(INFERENCE, "/v2/models/{model}").onward(REGISTRY).relaying(MODEL_VERSION)
              .summary("Model metadata (production version) in protocol terms"),
          Route.get(OIP_VERSION).action(Action.MODEL_METADATA)
              .to(INFERENCE, "/v2/models/{model}/versions/{version}").onward(REGISTRY).relaying(MODEL_VERSION)
              .summary("Model version metadata in protocol terms"),
          Route.get(OIP_MODEL + "/ready").action(Action.MODEL_READY)
              .to(INFERENCE, "/v2/models/{model}/ready").onward(REGISTRY)
              .summary("Whether the production version is loaded and warm (200) or not (400)"),
          Route.get(OIP_VERSION + "/ready").action(Action.MODEL_READY)
              .to(INFERENCE, "/v2/models/{model}/versions/{version}/ready").onward(REGISTRY)
              .summary("Whether a version is loaded and warm (200) or not (400)"),
          Route.post(OIP_MODEL + "/infer").action(Action.MODEL_PREDICT)
              .to(INFERENCE, "/v2/models/{model}/infer").onward(REGISTRY).digested(TENSORS, PREDICTION_BODY)
              .forwarding(OIP_HEADER_LENGTH)
              .relaying(OIP_HEADER_LENGTH, MODEL_VERSION)
              .summary("Inference with the production version (JSON or binary tensors)"),
          Route.post(OIP_VERSION + "/infer").action(Action.MODEL_PREDICT)
              .to(INFERENCE, "/v2/models/{model}/versions/{version}/infer").onward(REGISTRY).digested(TENSORS, PREDICTION_BODY)
              .forwarding(OIP_HEADER_LENGTH)
              .relaying(OIP_HEADER_LENGTH, MODEL_VERSION)
              .summary("Inference with a pinned version (JSON or binary tensors)"));
  // spotless:on

  private Routes() {}
}
