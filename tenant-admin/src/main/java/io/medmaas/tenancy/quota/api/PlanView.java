package io.medmaas.tenancy.quota.api;

/** A plan and the limits it gives. */
public record PlanView(String name, Limits limits) {}
