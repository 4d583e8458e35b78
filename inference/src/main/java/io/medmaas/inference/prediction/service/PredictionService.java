package io.medmaas.inference.prediction.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.inference.InferenceConfig;
import io.medmaas.inference.batching.Batcher;
import io.medmaas.inference.engine.LoadedModel;
import io.medmaas.inference.engine.Tensor;
import io.medmaas.inference.family.InputErrors;
import io.medmaas.inference.family.ModelFamily;
import io.medmaas.inference.family.Prediction;
import io.medmaas.inference.model.ModelCache;
import io.medmaas.inference.model.Requester;
import io.medmaas.inference.prediction.api.OutputsResponse;
import io.medmaas.inference.prediction.api.PredictionResponse;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Native JSON predictions: validates instances in the model's own terms, runs them through the
 * model's queue (instances of equal shape travel together), interprets the outputs and, when asked,
 * explains each prediction.
 */
@ApplicationScoped
public class PredictionService {

  @Inject ModelCache cache;
  @Inject InferenceConfig config;

  /**
   * The prediction. When the model is loaded and its version known, and no explanation is asked
   * for, the instances are queued from the calling thread (the event loop) and the answer is made
   * on the batch worker that ran them: no thread waits. Otherwise (a first request that loads the
   * model, an explanation that runs many batches) the work runs on a worker thread.
   */
  public Uni<PredictionResponse> predict(
      Requester who,
      String model,
      String versionOrAlias,
      JsonNode body,
      String requestId,
      String bearer) {
    NativeRequest request =
        NativeRequest.parse(
            body,
            config.inference().maxInstances(),
            config.inference().explain().maxEvaluations(),
            config.inference().explain().seed());
    if (who.overBatch(request.instances().size())) {
      throw new ProblemException(
          ProblemType.QUOTA_EXCEEDED,
          "Your organisation's batch limit is "
              + who.maxBatch()
              + " instances a request; send fewer at a time");
    }
    Optional<LoadedModel> ready =
        request.explanation().isPresent()
            ? Optional.empty()
            : cache.ready(who, model, versionOrAlias);
    String tenant = who.tenant();
    if (ready.isPresent()) {
      try {
        LoadedModel loaded = ready.get();
        ModelFamily family = family(loaded);
        List<List<Tensor>> instances = decode(family, request.instances());
        return Uni.createFrom()
            .completionStage(submit(loaded, tenant, instances))
            .onFailure()
            .transform(Batcher::problem)
            .map(outputs -> answer(loaded, family, request, instances, outputs, tenant, requestId));
      } catch (Batcher.Retired retired) {
        // the version was just replaced: the blocking path finds the new one
      }
    }
    return Uni.createFrom()
        .item(() -> predictWaiting(who, model, versionOrAlias, request, requestId, bearer))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  private PredictionResponse predictWaiting(
      Requester who,
      String model,
      String versionOrAlias,
      NativeRequest request,
      String requestId,
      String bearer) {
    String tenant = who.tenant();
    return withModel(
        who,
        model,
        versionOrAlias,
        bearer,
        loaded -> {
          ModelFamily family = family(loaded);
          List<List<Tensor>> instances = decode(family, request.instances());
          List<List<Tensor>> outputs = run(loaded, tenant, instances);
          return answer(loaded, family, request, instances, outputs, tenant, requestId);
        });
  }

  private static PredictionResponse answer(
      LoadedModel loaded,
      ModelFamily family,
      NativeRequest request,
      List<List<Tensor>> instances,
      List<List<Tensor>> outputs,
      String tenant,
      String requestId) {
    List<Prediction> predictions = new ArrayList<>(outputs.size());
    for (int i = 0; i < outputs.size(); i++) {
      Prediction prediction = family.interpret(Tensor.requireFinite(outputs.get(i)));
      if (request.explanation().isPresent()) {
        prediction =
            prediction.withExplanation(
                family.explain(
                    instances.get(i),
                    outputs.get(i),
                    inputs -> loaded.run(tenant, inputs),
                    request.explanation().get()));
      }
      predictions.add(prediction);
    }
    return new PredictionResponse(loaded.name(), loaded.version(), requestId, predictions);
  }

  /** The value each instance is scored by (probability, value, anomaly score), unlabelled. */
  public OutputsResponse outputs(
      Requester who, String model, String version, JsonNode body, String bearer) {
    NativeRequest request = NativeRequest.parse(body, config.inference().maxInstances(), 1, 0);
    String tenant = who.tenant();
    return withModel(
        who,
        model,
        version,
        bearer,
        loaded -> {
          ModelFamily family = family(loaded);
          List<Double> scores = new ArrayList<>();
          for (List<Tensor> output : run(loaded, tenant, decode(family, request.instances()))) {
            scores.add(family.score(output));
          }
          return new OutputsResponse(loaded.name(), loaded.version(), scores);
        });
  }

  /** Runs {@code work} on the model, once more if the version was unloaded meanwhile. */
  private <T> T withModel(
      Requester who,
      String model,
      String versionOrAlias,
      String bearer,
      Function<LoadedModel, T> work) {
    try {
      return work.apply(cache.get(who, model, versionOrAlias, bearer));
    } catch (Batcher.Retired retired) {
      try {
        return work.apply(cache.get(who, model, versionOrAlias, bearer));
      } catch (Batcher.Retired again) {
        throw again.asProblem();
      }
    }
  }

  private static ModelFamily family(LoadedModel loaded) {
    return loaded
        .family()
        .orElseThrow(
            () ->
                new ProblemException(
                    ProblemType.NOT_IMPLEMENTED,
                    "This model's task has no native JSON form; use the Open Inference Protocol"
                        + " endpoint /v2/models/{model}/infer"));
  }

  private static List<List<Tensor>> decode(ModelFamily family, JsonNode instances) {
    InputErrors errors = new InputErrors();
    List<List<Tensor>> decoded = new ArrayList<>(instances.size());
    for (int i = 0; i < instances.size(); i++) {
      decoded.add(family.decode(instances.get(i), "instances[" + i + "]", errors));
    }
    errors.raiseIfAny();
    return decoded;
  }

  /**
   * Runs instances through the queue, consecutive instances of equal item shape as one request, and
   * returns each instance's outputs in order.
   */
  static List<List<Tensor>> run(LoadedModel loaded, String tenant, List<List<Tensor>> instances) {
    return loaded.batcher().await(submit(loaded, tenant, instances));
  }

  /**
   * As {@link #run}, without waiting: each group of equal shape is queued once the one before is
   * done. The first group is queued at once, so its admission refusal (429, 503) or a retired
   * version is thrown to the caller directly.
   */
  static CompletableFuture<List<List<Tensor>>> submit(
      LoadedModel loaded, String tenant, List<List<Tensor>> instances) {
    List<List<Tensor>> collected = new ArrayList<>(instances.size());
    CompletableFuture<List<List<Tensor>>> outputs = null;
    int start = 0;
    while (start < instances.size()) {
      int end = start + 1;
      while (end < instances.size() && sameShape(instances.get(start), instances.get(end))) {
        end++;
      }
      List<Tensor> group = stack(instances.subList(start, end));
      int rows = end - start;
      outputs =
          (outputs == null
                  ? loaded.submit(tenant, group)
                  : outputs.thenCompose(done -> submitLater(loaded, tenant, group)))
              .thenApply(result -> collect(collected, result, rows));
      start = end;
    }
    return outputs;
  }

  private static List<List<Tensor>> collect(
      List<List<Tensor>> collected, List<Tensor> result, int rows) {
    for (int i = 0; i < rows; i++) {
      List<Tensor> mine = new ArrayList<>(result.size());
      for (Tensor tensor : result) {
        mine.add(rows == 1 ? tensor : tensor.slice(i, 1));
      }
      collected.add(mine);
    }
    return collected;
  }

  /** A later group's submission: its admission refusal fails the request like the first's. */
  private static CompletableFuture<List<Tensor>> submitLater(
      LoadedModel loaded, String tenant, List<Tensor> group) {
    try {
      return loaded.submit(tenant, group);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static boolean sameShape(List<Tensor> a, List<Tensor> b) {
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).itemShapeKey().equals(b.get(i).itemShapeKey())) {
        return false;
      }
    }
    return true;
  }

  private static List<Tensor> stack(List<List<Tensor>> instances) {
    List<Tensor> stacked = new ArrayList<>();
    for (int input = 0; input < instances.get(0).size(); input++) {
      List<Tensor> parts = new ArrayList<>(instances.size());
      for (List<Tensor> instance : instances) {
        parts.add(instance.get(input));
      }
      stacked.add(Tensor.concat(parts));
    }
    return stacked;
  }
}
