package io.medmaas.registry.model.api;

import java.util.List;

/** One page of a listing. */
public record PageView<T>(List<T> items, int page, int size, long total) {}
