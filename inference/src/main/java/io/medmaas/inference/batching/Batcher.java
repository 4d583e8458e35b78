package io.medmaas.inference.batching;

import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.inference.engine.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One model version's bounded queue and dynamic batcher.
 *
 * <p>Each tenant has its own FIFO. Workers take tenants in turn (round robin), so a tenant that
 * floods the model waits behind itself, not in front of others. A batch holds requests of one
 * tenant only, of one item shape, up to {@link BatchSettings#maxBatchRows()} rows; a worker waits
 * at most {@link BatchSettings#maxQueueDelay()} for the batch to fill. Admission is immediate: a
 * tenant over its share of the queue gets 429, a full queue 503, both with {@code Retry-After}.
 * Every request has a deadline; one that passes it waiting is dropped and answered 503. Workers
 * block on a condition while idle (no spinning), and a new request wakes one of them, not all: a
 * worker collecting a batch for its tenant waits on a condition of its own.
 */
public final class Batcher implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Batcher.class);

  private final String label;
  private final BatchSettings settings;
  private final ReentrantLock lock = new ReentrantLock();

  /** Idle workers wait here for a tenant's turn; one is woken per new turn. */
  private final Condition work = lock.newCondition();

  /** A worker collecting a batch waits here for more of its tenant's requests. */
  private final Condition more = lock.newCondition();

  private final Map<String, ArrayDeque<Entry>> queues = new HashMap<>();
  private final ArrayDeque<String> turns = new ArrayDeque<>();
  private final Set<String> collecting = new HashSet<>();
  private final List<Thread> workers = new ArrayList<>();
  private int queued;
  private boolean closed;

  /** A request waiting: its inputs (all with the same row count) and its answer to be. */
  private record Entry(
      String tenant,
      List<Tensor> inputs,
      int rows,
      String shapeKey,
      long deadlineNanos,
      CompletableFuture<List<Tensor>> result) {}

  public Batcher(String label, BatchSettings settings, Supplier<BatchRunner> runners) {
    this.label = label;
    this.settings = settings;
    try {
      for (int i = 0; i < settings.workers(); i++) {
        BatchRunner runner = runners.get();
        Thread worker = new Thread(() -> work(runner), "batcher-" + label + "-" + i);
        worker.setDaemon(true);
        workers.add(worker);
        worker.start();
      }
    } catch (RuntimeException e) {
      close(); // the workers already started end; the caller frees the model
      throw e;
    }
  }

  public BatchSettings settings() {
    return settings;
  }

  /** Requests waiting now (all tenants). */
  public int queued() {
    lock.lock();
    try {
      return queued;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues the inputs of one request for {@code tenant} and waits for its outputs, at most until
   * the deadline. Throws a problem at once when the queue has no room.
   */
  public List<Tensor> run(String tenant, List<Tensor> inputs) {
    return await(submit(tenant, inputs));
  }

  /** Waits for submitted work's result, at most until the batcher's request deadline. */
  public <T> T await(CompletableFuture<T> result) {
    long wait = settings.deadline().toNanos();
    try {
      return result.get(wait, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      result.cancel(false);
      throw late();
    } catch (ExecutionException e) {
      throw problem(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProblemException(ProblemType.UNAVAILABLE, "Interrupted");
    }
  }

  /** The problem a failed request's caller hears. */
  public static ProblemException problem(Throwable cause) {
    if (cause instanceof java.util.concurrent.CompletionException wrapped
        && wrapped.getCause() != null) {
      cause = wrapped.getCause();
    }
    if (cause instanceof ProblemException problem) {
      return problem;
    }
    if (cause instanceof Retired retired) {
      return retired.asProblem();
    }
    if (cause instanceof TimeoutException) {
      return late();
    }
    return new ProblemException(ProblemType.INTERNAL, "The model failed to run");
  }

  private static ProblemException late() {
    return ProblemException.retryLater(
        ProblemType.UNAVAILABLE, "The model did not answer within the request deadline", 1);
  }

  /** Queues without waiting; the future fails with a problem when the request is not served. */
  public CompletableFuture<List<Tensor>> submit(String tenant, List<Tensor> inputs) {
    StringBuilder key = new StringBuilder();
    for (Tensor input : inputs) {
      key.append(input.itemShapeKey()).append(';');
    }
    Entry entry =
        new Entry(
            tenant,
            inputs,
            inputs.get(0).rows(),
            key.toString(),
            System.nanoTime() + settings.deadline().toNanos(),
            new CompletableFuture<List<Tensor>>()
                .orTimeout(settings.deadline().toNanos(), TimeUnit.NANOSECONDS));
    lock.lock();
    try {
      if (closed) {
        throw new Retired();
      }
      ArrayDeque<Entry> queue = queues.computeIfAbsent(tenant, t -> new ArrayDeque<>());
      if (queue.size() >= settings.tenantLimit()) {
        throw ProblemException.retryLater(
            ProblemType.TOO_MANY_REQUESTS,
            "Your organisation's share of this model's queue is full; retry shortly",
            1);
      }
      if (queued >= settings.maxQueued()) {
        throw ProblemException.retryLater(
            ProblemType.UNAVAILABLE, "The model's queue is full; retry shortly", 1);
      }
      boolean newTurn = queue.isEmpty() && !collecting.contains(tenant);
      if (newTurn) {
        turns.addLast(tenant);
      }
      queue.addLast(entry);
      queued++;
      if (newTurn) {
        work.signal();
      } else if (collecting.contains(tenant)) {
        more.signalAll(); // the worker filling this tenant's batch (at most one per tenant)
      }
    } finally {
      lock.unlock();
    }
    return entry.result;
  }

  private void work(BatchRunner runner) {
    try (runner) {
      while (true) {
        List<Entry> batch = nextBatch();
        if (batch == null) {
          return;
        }
        execute(runner, batch);
      }
    } catch (RuntimeException e) {
      LOG.errorf("Batcher %s worker stopped: %s", label, e.getClass().getName());
    }
  }

  /** Blocks until a batch is ready; null once closed and drained. */
  private List<Entry> nextBatch() {
    lock.lock();
    try {
      while (turns.isEmpty()) {
        if (closed) {
          return null;
        }
        work.awaitUninterruptibly();
      }
      String tenant = turns.pollFirst();
      collecting.add(tenant);
      ArrayDeque<Entry> queue = queues.get(tenant);
      List<Entry> batch = new ArrayList<>();
      int rows = 0;
      long delayEnds = System.nanoTime() + settings.maxQueueDelay().toNanos();
      while (true) {
        rows = take(queue, batch, rows);
        if (rows >= settings.maxBatchRows() || closed) {
          break;
        }
        if (!queue.isEmpty() && !batch.isEmpty()) {
          break; // the next request has another item shape or does not fit
        }
        long remaining = delayEnds - System.nanoTime();
        if (remaining <= 0 || (batch.isEmpty() && queue.isEmpty())) {
          break;
        }
        more.awaitNanos(remaining);
      }
      collecting.remove(tenant);
      if (!queue.isEmpty()) {
        turns.addLast(tenant); // back of the line: the other tenants go first
        work.signal(); // its next batch is another worker's turn
      } else {
        queues.remove(tenant);
      }
      return batch;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Moves entries that fit from the head of {@code queue} into {@code batch}; returns rows. */
  private int take(ArrayDeque<Entry> queue, List<Entry> batch, int rows) {
    long now = System.nanoTime();
    while (!queue.isEmpty()) {
      Entry head = queue.peekFirst();
      if (head.result.isDone() || head.deadlineNanos <= now) {
        queue.pollFirst();
        queued--;
        head.result.completeExceptionally(
            ProblemException.retryLater(
                ProblemType.UNAVAILABLE, "The request waited past its deadline", 1));
        continue;
      }
      boolean fits =
          batch.isEmpty()
              || (head.shapeKey.equals(batch.get(0).shapeKey)
                  && rows + head.rows <= settings.maxBatchRows());
      if (!fits) {
        break;
      }
      queue.pollFirst();
      queued--;
      batch.add(head);
      rows += head.rows;
    }
    return rows;
  }

  private void execute(BatchRunner runner, List<Entry> batch) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      List<Tensor> outputs = runner.run(stack(batch));
      int from = 0;
      for (Entry entry : batch) {
        List<Tensor> mine = new ArrayList<>(outputs.size());
        for (Tensor output : outputs) {
          mine.add(batch.size() == 1 ? output : output.slice(from, entry.rows));
        }
        from += entry.rows;
        entry.result.complete(mine);
      }
    } catch (RuntimeException e) {
      ProblemException problem =
          e instanceof ProblemException p
              ? p
              : new ProblemException(ProblemType.INTERNAL, "The model failed to run");
      if (!(e instanceof ProblemException)) {
        LOG.errorf("Model %s failed on a batch: %s", label, e.getClass().getName());
      }
      batch.forEach(entry -> entry.result.completeExceptionally(problem));
    }
  }

  private static List<Tensor> stack(List<Entry> batch) {
    if (batch.size() == 1) {
      return batch.get(0).inputs;
    }
    int inputs = batch.get(0).inputs.size();
    List<Tensor> stacked = new ArrayList<>(inputs);
    for (int i = 0; i < inputs; i++) {
      List<Tensor> parts = new ArrayList<>(batch.size());
      for (Entry entry : batch) {
        parts.add(entry.inputs.get(i));
      }
      stacked.add(Tensor.concat(parts));
    }
    return stacked;
  }

  /** Stops taking requests; queued ones are still served, then the workers end. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      work.signalAll();
      more.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits for the workers to finish what was queued. */
  public void awaitTermination(long millis) {
    long end = System.currentTimeMillis() + millis;
    for (Thread worker : workers) {
      try {
        worker.join(Math.max(1, end - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Thrown to a request that reached a batcher already retired (its model was evicted). */
  public static final class Retired extends RuntimeException {
    Retired() {
      super("retired", null, false, false);
    }

    /** What the caller hears when the version was replaced twice during one request. */
    public ProblemException asProblem() {
      return ProblemException.retryLater(
          ProblemType.UNAVAILABLE, "The model version was just replaced; retry shortly", 1);
    }
  }
}
