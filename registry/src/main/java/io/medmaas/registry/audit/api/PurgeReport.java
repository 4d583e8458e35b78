package io.medmaas.registry.audit.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What a purge removed: how many of the chain's records, all older than {@code before}; the chain
 * now starts at {@code firstKept}, anchored by {@code anchor} (the signed head of the last record
 * removed). Nothing removed: no anchor.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PurgeReport(
    String chain, Instant before, long purged, Long firstKept, String anchor) {}
