package io.medmaas.common.audit;

import io.medmaas.common.caller.Caller;
import io.medmaas.common.caller.RequestIds;

/** Change records as every service starts them: who made the change, and for which request. */
public final class ChangeRecords {

  private ChangeRecords() {}

  /**
   * A change record of {@code action} by {@code caller}, pointing at the caller's request, for the
   * caller's tenant unless {@link AuditRecord.Builder#tenant} names the tenant changed.
   */
  public static AuditRecord.Builder by(Caller caller, String action) {
    return AuditRecord.change(caller.requestId().orElseGet(RequestIds::newId), action)
        .tenant(caller.tenant().orElse(null))
        .who(caller.subject(), caller.username().orElse(null), null, null)
        .source(AuditSource.local());
  }
}
