package io.medmaas.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.common.audit.AuditRecord;
import io.medmaas.common.caller.RequestIds;
import io.medmaas.gateway.auth.InternalTokenMinter;
import io.medmaas.gateway.upstream.Upstreams;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Appends audit records to the registry; the returned Uni completes once the record is durable.
 *
 * <p>Group commit: records that arrive while earlier ones are being written wait and go together in
 * the next batch, one HTTP call and one transaction for all of them. A lone request is written at
 * once (no added delay); under load the per-record cost falls with the batch size. Each request
 * still waits for its own record's commit, and a failed batch fails every request in it (they are
 * answered 503, never unaudited).
 */
@ApplicationScoped
public class AuditWriter {

  private static final int MAX_BATCH = 256;
  private static final int MAX_IN_FLIGHT = 2;

  @Inject Upstreams upstreams;
  @Inject InternalTokenMinter minter;
  @Inject ObjectMapper json;

  private record Pending(AuditRecord record, UniEmitter<? super Void> done) {}

  private final List<Pending> waiting = new ArrayList<>();
  private int inFlight;

  public Uni<Void> append(AuditRecord entry) {
    return Uni.createFrom()
        .emitter(
            done -> {
              boolean send;
              synchronized (waiting) {
                waiting.add(new Pending(entry, done));
                send = inFlight < MAX_IN_FLIGHT;
                if (send) {
                  inFlight++;
                }
              }
              if (send) {
                flush();
              }
            });
  }

  /** Writes what is waiting, then again while more arrived; gives the flight back when idle. */
  private void flush() {
    List<Pending> batch;
    synchronized (waiting) {
      if (waiting.isEmpty()) {
        inFlight--;
        return;
      }
      int size = Math.min(MAX_BATCH, waiting.size());
      batch = new ArrayList<>(waiting.subList(0, size));
      waiting.subList(0, size).clear();
    }
    write(batch)
        .subscribe()
        .with(
            ok -> {
              batch.forEach(p -> p.done().complete(null));
              flush();
            },
            failure -> {
              batch.forEach(p -> p.done().fail(failure));
              flush();
            });
  }

  private Uni<Void> write(List<Pending> batch) {
    byte[] body;
    try {
      body = json.writeValueAsBytes(batch.stream().map(Pending::record).toList());
    } catch (JsonProcessingException e) {
      return Uni.createFrom().failure(e);
    }
    return upstreams
        .send(
            HttpMethod.POST,
            upstreams.registry() + "/internal/audit-events/batch",
            minter.serviceToken(),
            batch.size() == 1 ? batch.get(0).record().requestId() : RequestIds.newId(),
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
