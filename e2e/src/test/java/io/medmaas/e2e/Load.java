package io.medmaas.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A bounded, paced load for the fault tests: a few client threads send the same request to the
 * gateway over loopback, each at most once per {@code pace}, and keep every answer (or the I/O
 * failure that stood for one) until {@link #stop}. Paced below the demo tenant's rate limit, so
 * that what a fault does is not hidden behind 429s.
 */
final class Load {

  /**
   * One request as the client saw it: when it was sent and answered ({@link System#nanoTime}), the
   * status (-1: no answer, the connection failed), the gateway's request id and {@code
   * Retry-After}.
   */
  record Answer(
      long sentNanos, long answeredNanos, int status, String requestId, String retryAfter) {

    boolean ok() {
      return status >= 200 && status < 300;
    }

    boolean answered() {
      return status > 0;
    }

    @Override
    public String toString() {
      return status + (retryAfter == null ? "" : " (Retry-After " + retryAfter + ")");
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  /** The same request to each gateway the load spreads over. */
  private final List<HttpRequest> requests;

  private final java.util.concurrent.atomic.AtomicInteger turn =
      new java.util.concurrent.atomic.AtomicInteger();
  private final long paceNanos;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();

  private Load(List<HttpRequest> requests, Duration pace) {
    this.requests = requests;
    this.paceNanos = pace.toNanos();
  }

  /** Starts {@code threads} clients posting {@code body} to {@code path} with {@code bearer}. */
  static Load start(String path, String bearer, String body, int threads, Duration pace) {
    return start(List.of(LocalPlatform.gateway()), path, bearer, body, threads, pace);
  }

  /**
   * As above, spread over {@code gateways} in turn, as a load balancer in front of replicas would:
   * a request that cannot connect to one gateway goes to the next (nothing was sent, so that is
   * safe); one that a gateway took and never answered stays unanswered.
   */
  static Load start(
      List<String> gateways, String path, String bearer, String body, int threads, Duration pace) {
    List<HttpRequest> requests = new ArrayList<>();
    for (String gateway : gateways) {
      requests.add(
          HttpRequest.newBuilder(URI.create(gateway + path))
              .timeout(Duration.ofSeconds(20))
              .header("Authorization", "Bearer " + bearer)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build());
    }
    Load load = new Load(requests, pace);
    for (int i = 0; i < threads; i++) {
      Thread thread = new Thread(load::run, "load-" + i);
      thread.setDaemon(true);
      load.threads.add(thread);
      thread.start();
    }
    return load;
  }

  private void run() {
    while (running.get()) {
      long sent = System.nanoTime();
      answers.add(send(sent));
      long rest = paceNanos - (System.nanoTime() - sent);
      if (rest > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(rest);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private Answer send(long sent) {
    int first = Math.floorMod(turn.getAndIncrement(), requests.size());
    for (int tried = 0; tried < requests.size() - 1; tried++) {
      try {
        return send(sent, requests.get((first + tried) % requests.size()));
      } catch (java.net.ConnectException refused) {
        // not connected, nothing sent: the next gateway takes it
      }
    }
    try {
      return send(sent, requests.get((first + requests.size() - 1) % requests.size()));
    } catch (java.net.ConnectException refused) {
      return new Answer(sent, System.nanoTime(), -1, null, null);
    }
  }

  private Answer send(long sent, HttpRequest request) throws java.net.ConnectException {
    try {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(
          sent,
          System.nanoTime(),
          answer.statusCode(),
          answer.headers().firstValue("X-Request-Id").orElse(null),
          answer.headers().firstValue("Retry-After").orElse(null));
    } catch (java.net.ConnectException refused) {
      throw refused;
    } catch (IOException e) {
      return new Answer(sent, System.nanoTime(), -1, null, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(sent, System.nanoTime(), -1, null, null);
    }
  }

  /** How many answers so far. */
  int count() {
    return answers.size();
  }

  /** Waits until at least {@code more} further requests were answered 2xx, for at most 60 s. */
  void awaitSuccesses(int more) throws InterruptedException {
    long wanted = answers.stream().filter(Answer::ok).count() + more;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (answers.stream().filter(Answer::ok).count() < wanted) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the load got no " + more + " more 2xx answers within 60 s");
      }
      Thread.sleep(50);
    }
  }

  /** Stops the clients once their requests under way are answered; every answer, in order sent. */
  List<Answer> stop() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
    List<Answer> all = new ArrayList<>(answers);
    all.sort(java.util.Comparator.comparingLong(Answer::sentNanos));
    return all;
  }
}
