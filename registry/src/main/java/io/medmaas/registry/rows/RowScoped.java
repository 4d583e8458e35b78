package io.medmaas.registry.rows;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean whose transactions read or change tenant rows: each call states the caller's row
 * scope to PostgreSQL first (see {@link RowScope}), so row-level security filters what it sees.
 */
@InterceptorBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface RowScoped {}
