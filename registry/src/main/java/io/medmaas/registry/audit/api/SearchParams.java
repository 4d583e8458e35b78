package io.medmaas.registry.audit.api;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/**
 * A search's query parameters, as the list and the CSV export both take them: whose records ({@code
 * tenant}, {@code tenantless}, for the platform's callers) and the {@link AuditFilter}.
 */
public class SearchParams {

  @QueryParam("from")
  public String from;

  @QueryParam("to")
  public String to;

  @QueryParam("subject")
  public String subject;

  @QueryParam("client")
  public String client;

  @QueryParam("action")
  public String action;

  @QueryParam("model")
  public String model;

  @QueryParam("outcome")
  public String outcome;

  @QueryParam("tenant")
  public String tenant;

  @QueryParam("tenantless")
  @DefaultValue("false")
  public boolean tenantless;

  public AuditFilter filter() {
    return AuditFilter.of(from, to, subject, client, action, model, outcome);
  }
}
