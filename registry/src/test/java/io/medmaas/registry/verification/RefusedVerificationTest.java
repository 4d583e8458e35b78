package io.medmaas.registry.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.medmaas.common.problem.ProblemType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A verification that could not be attempted (inference refused the caller, was overloaded or
 * unreachable) is an error answer and never changes what the version's verification says; right
 * after an upload, the version is recorded as not verified, with the reason.
 */
class RefusedVerificationTest {

  private static final Path DEMO = Path.of("../models/breast-cancer-diagnosis/1");

  private HttpServer inference;

  /** The version's card and validation set, and every result saved. */
  static final class RecordingStore extends VerificationStore {
    final List<Verification> saved = new ArrayList<>();

    @Override
    public Stored load(String owner, String name, String version) {
      try {
        return new Stored(
            Files.readString(DEMO.resolve("card.json")),
            Files.readAllBytes(DEMO.resolve("validation.csv")));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void save(String owner, String name, String version, Verification result) {
      saved.add(result);
    }
  }

  private MetricVerifier verifierAnswering(int status) throws IOException {
    inference = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    inference.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    inference.start();
    MetricVerifier verifier = new MetricVerifier();
    verifier.tolerance = 0.02;
    verifier.json = new ObjectMapper();
    verifier.store = new RecordingStore();
    verifier.inferenceUrl = "http://127.0.0.1:" + inference.getAddress().getPort();
    return verifier;
  }

  @AfterEach
  void stop() {
    if (inference != null) {
      inference.stop(0);
    }
  }

  private static List<Verification> saved(MetricVerifier verifier) {
    return ((RecordingStore) verifier.store).saved;
  }

  @Test
  void aCallerInferenceRefusesGets403AndTheVerificationIsUnchanged() throws IOException {
    for (int status : new int[] {401, 403}) {
      MetricVerifier verifier = verifierAnswering(status);
      MetricVerifier.NotAttempted refused =
          assertThrows(
              MetricVerifier.NotAttempted.class,
              () -> verifier.verify("aurora-general", "breast-cancer-diagnosis", "1", "token"));
      assertEquals(ProblemType.FORBIDDEN, refused.type());
      assertTrue(refused.getMessage().contains("unchanged"), refused.getMessage());
      assertEquals(List.of(), saved(verifier), "nothing is stored");
      stop();
    }
  }

  @Test
  void anOverloadedOrFailingInferenceIs503AndTheVerificationIsUnchanged() throws IOException {
    for (int status : new int[] {429, 500, 503}) {
      MetricVerifier verifier = verifierAnswering(status);
      MetricVerifier.NotAttempted busy =
          assertThrows(
              MetricVerifier.NotAttempted.class,
              () -> verifier.verify("aurora-general", "breast-cancer-diagnosis", "1", "token"));
      assertEquals(ProblemType.UNAVAILABLE, busy.type());
      assertEquals(List.of(), saved(verifier));
      stop();
    }
  }

  @Test
  void aValidationSetTheModelRejectsIsAResultAboutTheVersion() throws IOException {
    MetricVerifier verifier = verifierAnswering(422);
    Verification result =
        verifier.verify("aurora-general", "breast-cancer-diagnosis", "1", "token");
    assertEquals(Verification.UNVERIFIED, result.status());
    assertEquals(List.of(result), saved(verifier));
  }

  @Test
  void rightAfterAnUploadTheVersionIsRecordedAsNotVerifiedWithTheReason() throws IOException {
    MetricVerifier verifier = verifierAnswering(403);
    verifier.verifyAfterUpload("aurora-general", "breast-cancer-diagnosis", "1", "token");
    assertEquals(1, saved(verifier).size());
    assertEquals(Verification.UNVERIFIED, saved(verifier).get(0).status());
    assertEquals("inference refused this caller", saved(verifier).get(0).reason());
  }
}
