package io.medmaas.registry.audit.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.medmaas.common.audit.AuditRecord;
import java.util.List;

/**
 * One page of audit records, newest first.
 *
 * @param page the page number asked for (paging by number), absent when paging by cursor
 * @param total how many records match (paging by number only: counting them all costs)
 * @param next the cursor of the page after this one ({@code ?cursor=}), absent on the last page
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditPage(List<AuditRecord> items, Integer page, int size, Long total, String next) {}
