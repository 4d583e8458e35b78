package io.medmaas.common.http;

import java.util.concurrent.CompletionStage;

/**
 * Told of a request the HTTP layer turned away before any resource ran (today: a body over the size
 * limit), so that a service which audits every request can audit this one too. The answer leaves
 * when the returned stage completes; if it fails, the caller gets 503 instead.
 */
public interface RejectedRequests {

  CompletionStage<Void> rejected(String method, String path, int status, String requestId);
}
