package io.medmaas.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image tarballs the build wrote: Docker-loadable (manifest.json with the reference the chart
 * pulls), non-root, every file root's and read-only to the service; and the inference image, its
 * layers unpacked, really starts as uid 185 on a read-only root with only /tmp writable, loading
 * ONNX Runtime's natives unpacked at build time.
 */
class ImageIT {

  private static final Path OUT = Path.of("target/images").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, String> index() throws IOException {
    Map<String, String> references = new HashMap<>();
    for (String line : Files.readAllLines(OUT.resolve("images.txt"))) {
      String[] parts = line.split(" ");
      references.put(parts[0], parts[1]);
    }
    return references;
  }

  /** The files of an image tarball by name (manifest.json, the config, the layers). */
  private static Map<String, byte[]> entries(Path tarball) throws IOException {
    Map<String, byte[]> entries = new HashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        entries.put(e.getName(), tar.readAllBytes());
      }
    }
    return entries;
  }

  private static void eachLayerEntry(
      Map<String, byte[]> image, JsonNode manifest, LayerVisitor visitor) throws IOException {
    for (JsonNode layer : manifest.get("Layers")) {
      try (TarArchiveInputStream tar =
          new TarArchiveInputStream(
              new GZIPInputStream(new java.io.ByteArrayInputStream(image.get(layer.asText()))))) {
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
          visitor.visit(e, tar);
        }
      }
    }
  }

  private interface LayerVisitor {
    void visit(TarArchiveEntry entry, InputStream content) throws IOException;
  }

  @Test
  void everyImageLoadsUnderItsReferenceRunsAsNonRootAndOwnsNothing() throws IOException {
    Map<String, String> references = index();
    assertEquals(
        java.util.Set.of("gateway", "registry", "inference", "tenant-admin", "ui"),
        references.keySet());
    for (var image : references.entrySet()) {
      Map<String, byte[]> tar = entries(OUT.resolve("medmaas-" + image.getKey() + ".tar"));
      JsonNode manifest = JSON.readTree(tar.get("manifest.json")).get(0);
      assertEquals(image.getValue(), manifest.get("RepoTags").get(0).asText(), "docker load name");
      JsonNode config = JSON.readTree(tar.get(manifest.get("Config").asText())).get("config");
      assertEquals("185:185", config.get("User").asText(), image.getKey());
      assertEquals("/deployments", config.get("WorkingDir").asText());
      List<String> problems = new ArrayList<>();
      eachLayerEntry(
          tar,
          manifest,
          (entry, content) -> {
            if (entry.getLongUserId() != 0
                || entry.getLongGroupId() != 0
                || (entry.getMode() & 06022) != 0) { // writable by others, or set-id
              problems.add(entry.getName() + " " + Integer.toOctalString(entry.getMode()));
            }
          });
      assertTrue(problems.isEmpty(), image.getKey() + ": writable or not root's: " + problems);
    }
  }

  @Test
  void theInferenceImageStartsAsUid185OnAReadOnlyRootWithOnnxRuntimeLoaded(@TempDir Path work)
      throws Exception {
    Path rootfs = Files.createDirectories(work.resolve("rootfs"));
    Map<String, byte[]> tar = entries(OUT.resolve("medmaas-inference.tar"));
    JsonNode manifest = JSON.readTree(tar.get("manifest.json")).get(0);
    JsonNode config = JSON.readTree(tar.get(manifest.get("Config").asText())).get("config");
    eachLayerEntry(
        tar,
        manifest,
        (entry, content) -> {
          Path target = rootfs.resolve(entry.getName()).normalize();
          assertTrue(target.startsWith(rootfs), "a layer writes outside its root: " + entry);
          if (entry.isDirectory()) {
            Files.createDirectories(target);
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(content, target);
            Files.setPosixFilePermissions(target, permissions(entry.getMode()));
          }
        });
    boolean canRun =
        new ProcessBuilder("unshare", "--mount", "--fork", "true").start().waitFor() == 0;
    // as ConsoleIT's browser: CI (root, Debian) must run the image; elsewhere it may be skipped
    if (!canRun && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(
          "CI starts the inference image: it needs a mount namespace (unshare --mount, as root)");
    }
    assumeTrue(
        canRun,
        "this machine allows no mount namespace (unshare --mount), so the image cannot be run");
    int port = freePort();
    int management = freePort();
    // the settings as the chart's ConfigMap gives them: a file mounted at /deployments/config
    Path settings = Files.createDirectories(work.resolve("config"));
    Files.writeString(
        settings.resolve("application.properties"),
        String.join(
            "\n",
            "quarkus.http.host=127.0.0.1",
            "quarkus.http.port=" + port,
            "quarkus.management.host=127.0.0.1",
            "quarkus.management.port=" + management,
            "medmaas.registry.url=http://127.0.0.1:9",
            ""));
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare",
                "--mount",
                "--fork",
                "sh",
                "-c",
                // the image's root read-only; /tmp a fresh tmpfs as the chart's emptyDir; then
                // its entrypoint as its user
                "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" \"$0\""
                    + " && mount -t tmpfs -o size=256m tmpfs \"$0/tmp\""
                    + " && mount --rbind /dev \"$0/dev\" && mount -t proc proc \"$0/proc\""
                    + " && mount --bind -o ro \"$SETTINGS\" \"$0/deployments/config\""
                    // chroot would start in /: the image's working directory, as a runtime does
                    + " && exec unshare --root=\"$0\" --wd=/deployments --setgid=185"
                    + " --setuid=185 \"$@\"",
                rootfs.toString()));
    List<String> entrypoint = new ArrayList<>();
    config.get("Entrypoint").forEach(a -> entrypoint.add(a.asText()));
    command.addAll(entrypoint); // exactly the image's, from its working directory /deployments
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    config
        .get("Env")
        .forEach(
            e -> {
              String[] kv = e.asText().split("=", 2);
              builder.environment().put(kv[0], kv[1]);
            });
    // the image's PATH, and after it where this machine's unshare and mount are
    builder.environment().merge("PATH", ":/usr/sbin:/usr/bin:/sbin:/bin", String::concat);
    builder.environment().put("SETTINGS", settings.toString());
    Path log = work.resolve("inference.log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      int status = -1;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (status != 200 && System.nanoTime() < deadline && process.isAlive()) {
        Thread.sleep(500);
        try {
          status =
              http.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + management + "/q/health/started"))
                          .build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode();
        } catch (IOException notYet) {
          // not listening yet
        }
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertEquals(200, status, "the image started:\n" + output);
      assertTrue(output.contains("Listening on: http://127.0.0.1:" + port), output);
      assertFalse(output.contains("Failed to load"), output);
      assertFalse(output.contains("Read-only file system"), output);
    } finally {
      // the service runs under unshare's fork: end the whole tree
      List<ProcessHandle> tree = process.descendants().toList();
      tree.forEach(ProcessHandle::destroy);
      process.destroy();
      for (ProcessHandle p : tree) {
        p.onExit().get(20, TimeUnit.SECONDS);
      }
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(int mode) {
    StringBuilder text = new StringBuilder();
    String letters = "rwxrwxrwx";
    for (int bit = 8; bit >= 0; bit--) {
      text.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
    }
    return java.nio.file.attribute.PosixFilePermissions.fromString(text.toString());
  }
}
