package io.medmaas.gateway.audit;

import io.medmaas.common.audit.AuditRecord;
import io.medmaas.common.http.RejectedRequests;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Audits the requests the HTTP layer turns away before the {@link AuditFilter} could see them (a
 * body over the size limit). The caller is not known: the token was never checked.
 */
@ApplicationScoped
public class RejectedRequestAudit implements RejectedRequests {

  @Inject AuditWriter writer;

  @Override
  public CompletionStage<Void> rejected(String method, String path, int status, String requestId) {
    if (!AuditFilter.audited(path)) {
      return CompletableFuture.completedFuture(null);
    }
    AuditRecord record =
        AuditRecord.access(
            Instant.now(), requestId, null, null, "api.rejected", null, null, status, 0, null);
    return writer.append(record).subscribeAsCompletionStage();
  }
}
