package io.medmaas.registry.rows;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Runs inside the transaction interceptor (priority PLATFORM_BEFORE + 200), before the call. */
@RowScoped
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 300)
public class RowScopeInterceptor {

  @Inject RowScope scope;

  @AroundInvoke
  Object stateTheScope(InvocationContext call) throws Exception {
    scope.apply();
    return call.proceed();
  }
}
