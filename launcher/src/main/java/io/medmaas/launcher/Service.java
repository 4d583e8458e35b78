package io.medmaas.launcher;

import java.nio.file.Path;
import java.util.Map;

/** One medmaas service of the local stack and the settings the stack gives it. */
public record Service(
    String name, int port, Map<String, String> properties, Map<String, String> env) {

  /** The runnable jar that {@code ./mvnw package} builds for the module of this service. */
  public Path jar(Path home) {
    return home.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
  }
}
