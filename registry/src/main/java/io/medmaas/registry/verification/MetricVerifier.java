package io.medmaas.registry.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.common.http.PathSegments;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs a version on its attached validation set through inference (the same validation, loading and
 * run path as predictions), measures the metrics and compares them with the card's claims. A claim
 * off by more than the tolerance, or one that cannot be checked, leaves the version {@code
 * unverified}.
 */
@ApplicationScoped
public class MetricVerifier {

  private static final Logger LOG = Logger.getLogger(MetricVerifier.class);
  private static final int BATCH = 64;

  /** Tasks scored as binary classifiers: by probability, or by anomaly score and threshold. */
  private static final List<String> CLASSIFIER_TASKS =
      List.of(
          "binary-classification",
          "sequence-binary-classification",
          "image-binary-classification",
          "anomaly-detection");

  @Inject VerificationStore store;
  @Inject ObjectMapper json;

  @ConfigProperty(name = "medmaas.inference.url")
  String inferenceUrl;

  /** Absolute tolerance for AUC, accuracy, sensitivity, specificity, Brier and R². */
  @ConfigProperty(name = "medmaas.verification.tolerance", defaultValue = "0.02")
  double tolerance;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  /**
   * Verifies a version of the owner's model and stores the result; bearer acts for the owner. What
   * is stored is about the version (its metrics hold or not, its validation set does not fit): an
   * attempt that could not be made (inference refused this caller, could not be reached, was
   * overloaded) is an error answer and changes nothing.
   */
  public Verification verify(String owner, String name, String version, String bearer) {
    Verification result;
    try {
      result = measure(owner, name, version, bearer);
    } catch (Unverifiable e) {
      result = Verification.notPossible(e.getMessage());
    } catch (IllegalArgumentException e) { // e.g. a number Jackson could not read: quote nothing
      result = Verification.notPossible("the validation set could not be read");
    } catch (IOException e) {
      LOG.warnf(
          "Verification of %s version %s failed: %s", name, version, e.getClass().getSimpleName());
      throw notAttempted(ProblemType.UNAVAILABLE, "inference could not be reached");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw notAttempted(ProblemType.UNAVAILABLE, "the verification was interrupted");
    }
    store.save(owner, name, version, result);
    return result;
  }

  /**
   * As {@link #verify}, right after an upload: if the attempt could not be made, the version stays
   * unverified (as uploaded) and its owner asks again with {@code POST .../verify}.
   */
  public void verifyAfterUpload(String owner, String name, String version, String bearer) {
    try {
      verify(owner, name, version, bearer);
    } catch (NotAttempted e) {
      LOG.warnf("%s version %s was not verified at upload: %s", name, version, e.why);
      store.save(owner, name, version, Verification.notPossible(e.why));
    }
  }

  private static NotAttempted notAttempted(ProblemType type, String why) {
    return new NotAttempted(type, why);
  }

  /** The verification could not be attempted; what the version had stays. */
  static final class NotAttempted extends ProblemException {
    private final String why;

    NotAttempted(ProblemType type, String why) {
      super(
          type,
          "The version could not be verified now (" + why + "); its verification is unchanged");
      this.why = why;
    }
  }

  private Verification measure(String owner, String name, String version, String bearer)
      throws IOException, InterruptedException {
    VerificationStore.Stored loaded;
    try {
      loaded = store.load(owner, name, version);
    } catch (io.medmaas.registry.model.store.ArtifactCipher.NotOpened e) {
      throw notAttempted(
          ProblemType.UNAVAILABLE, "its validation set does not open with this registry's key");
    }
    if (loaded.validation() == null) {
      return Verification.notPossible("no validation set was attached");
    }
    JsonNode card = json.readTree(loaded.card());
    String task = card.path("task").asText();
    boolean regression = "regression".equals(task);
    boolean anomaly = "anomaly-detection".equals(task);
    if (!regression && !CLASSIFIER_TASKS.contains(task)) {
      throw new Unverifiable("metrics of task '" + task + "' are not verified yet");
    }
    List<String> features = new ArrayList<>();
    card.path("features").forEach(f -> features.add(f.path("name").asText()));
    ValidationSet set =
        ValidationSet.parse(loaded.validation(), features, regression ? "target" : "label");
    double[] outputs = score(name, version, set, bearer);
    Map<String, Double> measured;
    if (regression) {
      double[] target = set.numericLabels();
      measured = Metrics.regression(outputs, target);
    } else {
      String positive = card.path("labels").path("positive").asText();
      boolean[] isPositive = new boolean[outputs.length];
      for (int i = 0; i < outputs.length; i++) {
        isPositive[i] = set.labels().get(i).equals(positive);
      }
      double threshold =
          anomaly
              ? card.path("anomalyThreshold").asDouble()
              : card.path("labels").path("threshold").asDouble(0.5);
      measured = new LinkedHashMap<>(Metrics.classification(outputs, isPositive, threshold));
      if (anomaly) {
        measured.remove("brier"); // an anomaly score is not a probability
      }
    }
    return compare(card.path("metrics"), measured, outputs.length);
  }

  Verification compare(JsonNode claims, Map<String, Double> measured, int rows) {
    Map<String, Double> claimed = new LinkedHashMap<>();
    List<String> differences = new ArrayList<>();
    measured.forEach(
        (metric, value) -> {
          JsonNode claim = claims.get(metric);
          if (claim == null || !claim.isNumber()) {
            return;
          }
          claimed.put(metric, claim.asDouble());
          boolean relative = metric.equals("mae") || metric.equals("rmse");
          double allowed = relative ? tolerance * Math.abs(claim.asDouble()) : tolerance;
          if (!(Math.abs(claim.asDouble() - value) <= allowed)) {
            differences.add(metric + ": claimed " + claim.asDouble() + ", measured " + value);
          }
        });
    if (claimed.isEmpty()) {
      return new Verification(
          Verification.UNVERIFIED,
          claimed,
          measured,
          differences,
          "the card claims no metric",
          rows,
          Instant.now());
    }
    return new Verification(
        differences.isEmpty() ? Verification.VERIFIED : Verification.UNVERIFIED,
        claimed,
        measured,
        differences,
        null,
        rows,
        Instant.now());
  }

  private double[] score(String name, String version, ValidationSet set, String bearer)
      throws IOException, InterruptedException {
    int n = set.instances().size();
    double[] outputs = new double[n];
    for (int from = 0; from < n; from += BATCH) {
      int to = Math.min(n, from + BATCH);
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      inferenceUrl
                          + "/internal/models/"
                          + PathSegments.encode(name)
                          + "/versions/"
                          + PathSegments.encode(version)
                          + "/outputs"))
              .timeout(Duration.ofSeconds(60))
              .header("Authorization", "Bearer " + bearer)
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofByteArray(
                      json.writeValueAsBytes(set.batch(from, to))))
              .build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      int status = response.statusCode();
      if (status == 401 || status == 403) {
        throw notAttempted(ProblemType.FORBIDDEN, "inference refused this caller");
      }
      if (status == 429 || status >= 500) {
        throw notAttempted(ProblemType.UNAVAILABLE, "inference is busy or unavailable");
      }
      if (status != 200) {
        throw new Unverifiable("inference refused the validation set (HTTP " + status + ")");
      }
      JsonNode values = json.readTree(response.body()).path("outputs");
      if (values.size() != to - from) {
        throw new Unverifiable("inference answered a different number of outputs");
      }
      for (int i = from; i < to; i++) {
        outputs[i] = values.get(i - from).asDouble();
      }
    }
    return outputs;
  }
}
