package io.medmaas.registry.audit.service;

import io.medmaas.common.caller.InternalToken;
import io.medmaas.common.http.Pages;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.registry.audit.api.AuditFilter;
import io.medmaas.registry.audit.api.AuditPage;
import io.medmaas.registry.audit.store.AuditEvent;
import io.medmaas.registry.audit.store.AuditEventRepository;
import io.medmaas.registry.audit.store.AuditEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Searches the audit log, newest first, always within one tenant's records: a hospital's callers
 * their own; the platform's callers the platform's and the tenantless ones, or those of the tenant
 * they choose, or the tenantless ones alone. Paged by number (with a total) or by cursor (the place
 * of the last record seen, stable however many records are appended meanwhile). The transaction's
 * row scope is the tenant read, so row-level security holds the query to it as well. Records are
 * appended by the gateway (access) and {@link ChangeLog} (changes), never here.
 */
@ApplicationScoped
public class AuditLog {

  private static final Sort NEWEST_FIRST =
      Sort.descending("occurredAt").and("id", Sort.Direction.Descending);

  @Inject AuditEventRepository events;
  @Inject ChainAccess access;

  /** Whose records a search reads: a chain, and whether the caller chose it. */
  public record Scope(String chain, boolean chosen) {}

  /** The records the caller may search ({@code tenant} and {@code tenantless} as in search). */
  public Scope scope(String tenant, boolean tenantless) {
    return new Scope(access.chainFor(tenant, tenantless), tenant != null || tenantless);
  }

  @Transactional
  public AuditPage search(
      String tenant, boolean tenantless, AuditFilter filter, String cursor, int page, int size) {
    return search(scope(tenant, tenantless), filter, cursor, page, size);
  }

  /** A page of a search whose scope was settled ({@link #scope}), in a transaction of its own. */
  @Transactional
  public AuditPage search(Scope scope, AuditFilter filter, String cursor, int page, int size) {
    Pages.check(page, size);
    Found found = find(scope, filter, cursor, page, size, cursor == null);
    return new AuditPage(
        found.events().stream().map(AuditEvents::toRecord).toList(),
        cursor != null ? null : page,
        size,
        found.total(),
        found.next());
  }

  /** What an export does with each page of records, in order. */
  @FunctionalInterface
  public interface PageSink {
    void accept(List<AuditEvent> events) throws java.io.IOException;
  }

  /**
   * Every record a search matches, newest first, handed to {@code sink} a page at a time, each page
   * read in a transaction of its own: memory stays bounded however long the log, and no transaction
   * stays open while the client reads.
   */
  public void walk(Scope scope, AuditFilter filter, PageSink sink) throws java.io.IOException {
    String cursor = new Place(Instant.parse("9999-01-01T00:00:00Z"), Long.MAX_VALUE).encode();
    while (cursor != null) {
      String at = cursor;
      Found found =
          QuarkusTransaction.requiringNew()
              .call(() -> find(scope, filter, at, 0, Pages.MAX_SIZE, false));
      sink.accept(found.events());
      cursor = found.next();
    }
  }

  private record Found(List<AuditEvent> events, Long total, String next) {}

  private Found find(
      Scope scope, AuditFilter filter, String cursor, int page, int size, boolean counted) {
    boolean chosen = scope.chosen();
    String chain = scope.chain();
    access.scopeTo(chain);
    List<String> where = new ArrayList<>();
    Parameters parameters = new Parameters();
    if (!chosen && InternalToken.PLATFORM_TENANT.equals(chain)) {
      where.add("(tenantId is null or tenantId = 'platform')");
    } else if (chain.isEmpty()) {
      where.add("tenantId is null");
    } else {
      where.add("tenantId = :tenant");
      parameters.and("tenant", chain);
    }
    if (filter.from() != null) {
      where.add("occurredAt >= :from");
      parameters.and("from", filter.from().atStartOfDay(ZoneOffset.UTC).toInstant());
    }
    if (filter.to() != null) {
      where.add("occurredAt < :to");
      parameters.and("to", filter.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }
    equal(where, parameters, "subject", filter.subject());
    equal(where, parameters, "clientId", filter.client());
    equal(where, parameters, "action", filter.action());
    equal(where, parameters, "model", filter.model());
    if (filter.outcomeFrom() != null) {
      where.add("outcome between :low and :high");
      parameters.and("low", filter.outcomeFrom()).and("high", filter.outcomeTo());
    }
    if (cursor != null) {
      Place after = Place.parse(cursor);
      where.add("(occurredAt < :at or (occurredAt = :at and id < :id))");
      parameters.and("at", after.at()).and("id", after.id());
    }
    var query = events.find(String.join(" and ", where), NEWEST_FIRST, parameters);
    List<AuditEvent> found =
        cursor != null ? query.range(0, size - 1).list() : query.page(page, size).list();
    String next =
        found.size() < size
            ? null
            : new Place(found.get(found.size() - 1).occurredAt, found.get(found.size() - 1).id)
                .encode();
    return new Found(found, counted ? query.count() : null, next);
  }

  private static void equal(List<String> where, Parameters parameters, String field, String value) {
    if (value != null) {
      where.add(field + " = :" + field);
      parameters.and(field, value);
    }
  }

  /** A record's place in the newest-first order: when it occurred, then its id. */
  public record Place(Instant at, long id) {

    public String encode() {
      long micros = at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((micros + "." + id).getBytes(StandardCharsets.US_ASCII));
    }

    static Place parse(String cursor) {
      try {
        String[] parts =
            new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII)
                .split("\\.");
        if (parts.length != 2) {
          throw new IllegalArgumentException();
        }
        long micros = Long.parseLong(parts[0]);
        return new Place(
            Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L),
            Long.parseLong(parts[1]));
      } catch (IllegalArgumentException e) {
        throw new ProblemException(
            ProblemType.INVALID_INPUT,
            "cursor is not one this API gave (use the last page's next)");
      }
    }
  }
}
