package io.medmaas.registry.upload;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Loads an uploaded model in ONNX Runtime in a separate JVM with a virtual-memory cap and a time
 * limit, one at a time, and returns the signature it reports. A load-time bomb (a graph whose
 * constant folding allocates gigabytes, a file that makes the loader spin) kills only the child.
 */
@ApplicationScoped
public class TrialLoader {

  private static final Logger LOG = Logger.getLogger(TrialLoader.class);

  @Inject UploadPolicy policy;
  @Inject ObjectMapper json;

  private final Semaphore oneAtATime = new Semaphore(1);

  public ModelSignature load(byte[] onnx) {
    long timeoutMs = policy.trialLoadTimeout().toMillis();
    try {
      if (!oneAtATime.tryAcquire(timeoutMs, TimeUnit.MILLISECONDS)) {
        throw new ProblemException(
            ProblemType.UNAVAILABLE, "Another upload is being checked; retry shortly");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProblemException(ProblemType.UNAVAILABLE, "Interrupted");
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("medmaas-trial-load");
      Path file = dir.resolve("model.onnx");
      Files.write(file, onnx);
      return run(dir, file, timeoutMs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      oneAtATime.release();
      delete(dir);
    }
  }

  private ModelSignature run(Path dir, Path file, long timeoutMs) throws IOException {
    Path output = dir.resolve("signature.json");
    Process process =
        new ProcessBuilder(command(dir, file))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    process.getOutputStream().close();
    try {
      if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw unprocessable(
            "Loading the model took longer than the budget of " + timeoutMs + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new ProblemException(ProblemType.UNAVAILABLE, "Interrupted");
    }
    List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
    String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    if (process.exitValue() == 0 && last.startsWith("{\"inputs\"")) {
      return json.readValue(last, ModelSignature.class);
    }
    if (process.exitValue() == 2) {
      throw unprocessable("ONNX Runtime cannot load the model");
    }
    LOG.warnf("Trial load ended with status %d", process.exitValue());
    throw unprocessable(
        "Loading the model exceeded the memory budget of "
            + policy.trialLoadMemoryBytes() / (1024 * 1024)
            + " MiB or crashed the loader");
  }

  private List<String> command(Path dir, Path file) {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        location(TrialLoad.class)
            + java.io.File.pathSeparator
            + location(ai.onnxruntime.OrtEnvironment.class);
    String jvm =
        String.join(
            " ",
            quote(javaBin),
            "-Xmx" + policy.trialLoadHeapMb() + "m",
            "-Xss512k",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:ReservedCodeCacheSize=32m",
            "-XX:CompressedClassSpaceSize=32m",
            "-XX:MaxMetaspaceSize=64m",
            "-Djava.io.tmpdir=" + quote(dir.toString()),
            "-cp",
            quote(classpath),
            TrialLoad.class.getName(),
            quote(file.toString()));
    long kib = policy.trialLoadMemoryBytes() / 1024;
    return List.of("/bin/sh", "-c", "ulimit -v " + kib + " && MALLOC_ARENA_MAX=2 exec " + jvm);
  }

  /** The jar or class folder a class was loaded from, as a file-system path. */
  static String location(Class<?> type) {
    String resource = type.getName().replace('.', '/') + ".class";
    URL url = type.getClassLoader().getResource(resource);
    if (url == null) {
      throw new IllegalStateException("cannot locate " + type.getName());
    }
    String text = url.toString();
    if (text.startsWith("jar:")) {
      return Path.of(URI.create(text.substring(4, text.indexOf("!/")))).toString();
    }
    String folder = text.substring(0, text.length() - resource.length());
    return Path.of(URI.create(folder)).toString();
  }

  private static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  private static ProblemException unprocessable(String reason) {
    return new ProblemException(ProblemType.UNPROCESSABLE, reason);
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp folder left behind is harmless
    }
  }
}
