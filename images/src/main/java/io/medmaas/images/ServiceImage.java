package io.medmaas.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.FilePermissionsProvider;
import com.google.cloud.tools.jib.api.buildplan.ModificationTimeProvider;
import com.google.cloud.tools.jib.api.buildplan.OwnershipProvider;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One service's image: the operating-system layer and the Java runtime shared by all five, then
 * (inference only) ONNX Runtime's natives, the service's libraries and its own code. Every file
 * belongs to root and is read-only to the service, which runs as uid 185 from {@code /deployments};
 * it writes only to {@code /tmp} (an emptyDir in the chart), and reads its settings from {@code
 * /deployments/config/application.properties} (the chart's ConfigMap).
 */
record ServiceImage(String service, int port, int managementPort, boolean onnxRuntime) {

  static final String ORT_DIR = "/opt/onnxruntime/lib";

  private static final FilePermissionsProvider READ_ONLY =
      (source, target) ->
          Files.isDirectory(source) || Files.isExecutable(source)
              ? FilePermissions.fromOctalString("755")
              : FilePermissions.fromOctalString("644");
  private static final ModificationTimeProvider FIXED_TIME =
      (source, target) -> Instant.ofEpochSecond(1);
  private static final OwnershipProvider ROOT = (source, target) -> "0:0";

  /** The five services with the ports the chart gives them by default. */
  static final List<ServiceImage> ALL =
      List.of(
          new ServiceImage("gateway", 8080, 9080, false),
          new ServiceImage("registry", 8081, 9081, false),
          new ServiceImage("inference", 8082, 9082, true),
          new ServiceImage("tenant-admin", 8083, 9083, false),
          new ServiceImage("ui", 8084, 9084, false));

  String reference(String registry, String version) {
    return registry + "/medmaas-" + service + ":" + version;
  }

  /** Writes the image as a Docker-format tarball, without a daemon, a registry or the network. */
  void build(Path home, BaseLayers base, String reference, Path tarball, Path cache, String version)
      throws Exception {
    Path app = home.resolve(service).resolve("target/quarkus-app");
    if (!Files.exists(app.resolve("quarkus-run.jar"))) {
      throw new IllegalStateException(service + " is not packaged: " + app + " has no jar");
    }
    JibContainerBuilder image = Jib.fromScratch();
    FileEntriesLayer.Builder os = FileEntriesLayer.builder().setName("operating-system");
    try (var top = Files.list(base.os())) {
      for (Path dir : top.sorted().toList()) { // each top folder: Jib takes no entry for "/"
        os.addEntryRecursive(
            dir, AbsoluteUnixPath.get("/" + dir.getFileName()), READ_ONLY, FIXED_TIME, ROOT);
      }
    }
    image.addFileEntriesLayer(os.build());
    image.addFileEntriesLayer(layer("java-runtime", base.java(), "/opt/java"));
    if (onnxRuntime) {
      image.addFileEntriesLayer(layer("onnxruntime-natives", base.onnxRuntime(), ORT_DIR));
    }
    image.addFileEntriesLayer(layer("libraries", app.resolve("lib"), "/deployments/lib"));
    FileEntriesLayer.Builder code = FileEntriesLayer.builder().setName("application");
    for (String part : List.of("app", "quarkus")) {
      code.addEntryRecursive(
          app.resolve(part),
          AbsoluteUnixPath.get("/deployments/" + part),
          READ_ONLY,
          FIXED_TIME,
          ROOT);
    }
    code.addEntryRecursive(
        app.resolve("quarkus-run.jar"),
        AbsoluteUnixPath.get("/deployments/quarkus-run.jar"),
        READ_ONLY,
        FIXED_TIME,
        ROOT);
    image.addFileEntriesLayer(code.build());

    List<String> command = new ArrayList<>(List.of("/opt/java/bin/java"));
    command.addAll(
        List.of(
            // inference's ONNX Runtime sessions live outside the Java heap: half the pod for it
            onnxRuntime ? "-XX:MaxRAMPercentage=50" : "-XX:MaxRAMPercentage=75",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:-UsePerfData",
            "-Djava.io.tmpdir=/tmp",
            "-Djava.util.logging.manager=org.jboss.logmanager.LogManager"));
    if (onnxRuntime) {
      command.add("-Donnxruntime.native.path=" + ORT_DIR);
    }
    command.addAll(List.of("-jar", "/deployments/quarkus-run.jar"));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("JAVA_HOME", "/opt/java");
    env.put("PATH", "/opt/java/bin");
    env.put("LANG", "C.UTF-8");
    env.put("HOME", "/tmp");
    // DJL: no usage report to a cloud metadata address, no downloads, its cache in scratch space
    env.put("DJL_OFFLINE", "true");
    env.put("OPT_OUT_TRACKING", "true");
    env.put("DJL_CACHE_DIR", "/tmp/djl");
    env.put("ENGINE_CACHE_DIR", "/tmp/djl");
    image
        .setEntrypoint(command)
        .setEnvironment(env)
        .setUser("185:185")
        .setWorkingDirectory(AbsoluteUnixPath.get("/deployments"))
        .setExposedPorts(Set.of(Port.tcp(port), Port.tcp(managementPort)))
        .setLabels(
            Map.of(
                "org.opencontainers.image.title",
                "medmaas-" + service,
                "org.opencontainers.image.version",
                version,
                "org.opencontainers.image.vendor",
                "medmaas"))
        .setCreationTime(Instant.EPOCH);
    image.containerize(
        Containerizer.to(TarImage.at(tarball).named(reference))
            .setOfflineMode(true)
            .setToolName("medmaas-images")
            .setToolVersion(version)
            .setBaseImageLayersCache(cache.resolve("base"))
            .setApplicationLayersCache(cache.resolve("application")));
  }

  private static FileEntriesLayer layer(String name, Path source, String target)
      throws java.io.IOException {
    return FileEntriesLayer.builder()
        .setName(name)
        .addEntryRecursive(source, AbsoluteUnixPath.get(target), READ_ONLY, FIXED_TIME, ROOT)
        .build();
  }
}
