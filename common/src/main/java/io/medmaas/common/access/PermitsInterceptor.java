package io.medmaas.common.access;

import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Enforces {@link Permits} from the role table, before the endpoint runs. */
@Permits(Action.MODEL_READ)
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class PermitsInterceptor {

  @Inject SecurityIdentity identity;

  @AroundInvoke
  Object check(InvocationContext invocation) throws Exception {
    Permits permits = invocation.getMethod().getAnnotation(Permits.class);
    if (permits == null) {
      permits = invocation.getMethod().getDeclaringClass().getAnnotation(Permits.class);
    }
    if (identity.isAnonymous()) {
      throw new ProblemException(ProblemType.UNAUTHENTICATED, "An internal token is required");
    }
    if (permits == null || !permits.value().allows(identity.getRoles())) {
      throw new ProblemException(
          ProblemType.FORBIDDEN, "The caller's roles do not allow this action");
    }
    return invocation.proceed();
  }
}
