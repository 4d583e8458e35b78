package io.medmaas.gateway.pipeline;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Hands a shared future's result to the calling request's own context. A future shared by several
 * requests (one tenant-list fetch, one key-set fetch) runs its callbacks on the context of the
 * request that started it; without this, every request waiting on it would go on on that one
 * request's event loop.
 */
public final class ContextHandoff {

  private ContextHandoff() {}

  public static <T> Future<T> onCallersContext(Future<T> shared) {
    Context caller = Vertx.currentContext();
    if (caller == null || shared.isComplete()) {
      return shared;
    }
    Promise<T> mine = Promise.promise();
    shared.onComplete(result -> caller.runOnContext(v -> mine.handle(result)));
    return mine.future();
  }
}
