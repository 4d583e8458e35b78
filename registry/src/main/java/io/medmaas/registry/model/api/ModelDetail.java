package io.medmaas.registry.model.api;

import java.util.List;

/** A model with its aliases and every version, newest first. */
public record ModelDetail(ModelSummary model, List<VersionSummary> versions) {}
