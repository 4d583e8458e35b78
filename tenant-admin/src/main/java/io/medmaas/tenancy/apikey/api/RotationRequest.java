package io.medmaas.tenancy.apikey.api;

/** A rotation: how long the old key keeps working beside the new one (default one day). */
public record RotationRequest(Long overlapSeconds) {}
