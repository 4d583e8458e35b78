package io.medmaas.registry.model.api;

/** A request to move a version to another lifecycle stage. */
public record StageChange(String stage) {}
