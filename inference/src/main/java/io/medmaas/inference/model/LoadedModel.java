package io.medmaas.inference.model;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One model version loaded in ONNX Runtime through DJL, with a small pool of predictors (DJL
 * predictors are not thread-safe).
 */
public final class LoadedModel implements AutoCloseable {

  private static final long BORROW_TIMEOUT_MS = 10_000;

  private final String name;
  private final String version;
  private final TabularCard card;
  private final ZooModel<float[][], float[][]> model;
  private final BlockingQueue<Predictor<float[][], float[][]>> predictors;

  LoadedModel(
      String name,
      String version,
      TabularCard card,
      ZooModel<float[][], float[][]> model,
      int predictorCount) {
    this.name = name;
    this.version = version;
    this.card = card;
    this.model = model;
    this.predictors = new ArrayBlockingQueue<>(predictorCount);
    for (int i = 0; i < predictorCount; i++) {
      predictors.add(model.newPredictor());
    }
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  public TabularCard card() {
    return card;
  }

  /** Runs one batch; each row is one instance in the card's feature order. */
  public float[][] run(float[][] rows) {
    Predictor<float[][], float[][]> predictor = borrow();
    try {
      return predictor.predict(rows);
    } catch (TranslateException e) {
      throw new ProblemException(ProblemType.INTERNAL, "The model failed to run");
    } finally {
      predictors.add(predictor);
    }
  }

  private Predictor<float[][], float[][]> borrow() {
    try {
      Predictor<float[][], float[][]> predictor =
          predictors.poll(BORROW_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      if (predictor == null) {
        throw new ProblemException(ProblemType.UNAVAILABLE, "The model is busy; retry shortly");
      }
      return predictor;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProblemException(ProblemType.UNAVAILABLE, "Interrupted");
    }
  }

  @Override
  public void close() {
    List.copyOf(predictors).forEach(Predictor::close);
    model.close();
  }
}
