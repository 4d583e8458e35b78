package io.medmaas.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.common.audit.AuditRecord;
import io.medmaas.gateway.auth.InternalTokenMinter;
import io.medmaas.gateway.upstream.Upstreams;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** Appends audit records to the registry; the returned Uni completes once the record is durable. */
@ApplicationScoped
public class AuditWriter {

  @Inject Upstreams upstreams;
  @Inject InternalTokenMinter minter;
  @Inject ObjectMapper json;

  public Uni<Void> append(AuditRecord entry) {
    byte[] body;
    try {
      body = json.writeValueAsBytes(entry);
    } catch (JsonProcessingException e) {
      return Uni.createFrom().failure(e);
    }
    return upstreams
        .send(
            HttpMethod.POST,
            upstreams.registry() + "/internal/audit-events",
            minter.serviceToken(),
            entry.requestId(),
            Map.of(),
            body)
        .map(
            response -> {
              if (response.statusCode() != 201) {
                throw new IllegalStateException("audit append answered " + response.statusCode());
              }
              return null;
            })
        .replaceWithVoid();
  }
}
