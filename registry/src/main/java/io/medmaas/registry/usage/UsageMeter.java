package io.medmaas.registry.usage;

import io.medmaas.common.caller.Caller;
import io.medmaas.common.caller.InternalToken;
import io.medmaas.common.naming.Names;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Metered use, read from the audit log itself: every prediction through the gateway leaves one
 * access record with its outcome and the instances its answer held, durable before the answer left
 * (ADR 0003), so the meter and the audit cannot disagree. A tenant's own admins read their tenant's
 * use; the platform's admins any tenant's. The transaction's row scope is the tenant read, stated
 * here after that check, so row-level security still holds the query to it.
 */
@ApplicationScoped
public class UsageMeter {

  static final int MAX_DAYS = 366;

  private static final String AGGREGATE =
      "SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, model, model_version,"
          + " outcome, count(*), coalesce(sum(instances), 0), round(avg(latency_ms))"
          + " FROM registry.audit_event"
          + " WHERE kind = 'access' AND action = 'model.predict' AND tenant_id = ?1"
          + " AND occurred_at >= ?2 AND occurred_at < ?3"
          + " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4";

  @Inject EntityManager em;
  @Inject Caller caller;

  @Transactional
  public UsageReport read(String tenant, String fromParam, String toParam) {
    String own = caller.requireTenant();
    if (!Names.isTenant(tenant)
        || !(own.equals(tenant) || own.equals(InternalToken.PLATFORM_TENANT))) {
      throw ProblemException.notFound("Tenant");
    }
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate to = date("to", toParam, today);
    LocalDate from = date("from", fromParam, to.minusDays(29));
    if (from.isAfter(to) || from.plusDays(MAX_DAYS - 1).isBefore(to)) {
      throw new ProblemException(
          ProblemType.INVALID_INPUT,
          "from must not be after to, and the range at most " + MAX_DAYS + " days");
    }
    em.createNativeQuery("SELECT set_config('medmaas.tenant', ?1, true)")
        .setParameter(1, tenant)
        .getSingleResult();
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(AGGREGATE)
            .setParameter(1, tenant)
            .setParameter(2, from.atStartOfDay().atOffset(ZoneOffset.UTC))
            .setParameter(3, to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC))
            .getResultList();
    List<UsageReport.Row> items = new ArrayList<>(rows.size());
    long requests = 0;
    long succeeded = 0;
    long instances = 0;
    for (Object[] r : rows) {
      UsageReport.Row row =
          new UsageReport.Row(
              (String) r[0],
              (String) r[1],
              (String) r[2],
              ((Number) r[3]).intValue(),
              ((Number) r[4]).longValue(),
              ((Number) r[5]).longValue(),
              r[6] == null ? 0 : ((Number) r[6]).longValue());
      items.add(row);
      requests += row.requests();
      instances += row.instances();
      if (row.outcome() >= 200 && row.outcome() < 300) {
        succeeded += row.requests();
      }
    }
    return new UsageReport(
        tenant, from.toString(), to.toString(), items, requests, succeeded, instances);
  }

  private static LocalDate date(String name, String value, LocalDate otherwise) {
    if (value == null || value.isEmpty()) {
      return otherwise;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new ProblemException(ProblemType.INVALID_INPUT, name + " must be a date (YYYY-MM-DD)");
    }
  }
}
