package io.medmaas.common.access;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The action an internal endpoint carries out: only callers whose internal token holds one of the
 * action's roles reach it (401 without a token, 403 without a role). Every internal endpoint that
 * is not public has exactly one.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Permits {

  @Nonbinding
  Action value();
}
