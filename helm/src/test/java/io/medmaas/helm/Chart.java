package io.medmaas.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The chart under test, rendered by Helm itself (helm-java) and parsed into Kubernetes objects. */
final class Chart {

  static final Path DIR = Path.of("medmaas").toAbsolutePath();

  /** The values file for a larger network, which the tests render as well as the defaults. */
  static final Path LARGE = DIR.resolve("values-large.yaml");

  static final List<String> SERVICES =
      List.of("gateway", "registry", "inference", "tenant-admin", "ui");

  private final List<HasMetadata> objects;

  private Chart(List<HasMetadata> objects) {
    this.objects = objects;
  }

  /** The manifests of release {@code medmaas} with the default values and {@code set} over them. */
  static Chart rendered(Map<String, Object> set) {
    return rendered(Optional.empty(), set);
  }

  static Chart rendered(Optional<Path> valuesFile, Map<String, Object> set) {
    FakeKubernetesApi.ensureStarted();
    var template = new Helm(DIR).template().withName("medmaas").withNamespace("medmaas");
    valuesFile.ifPresent(template::withValuesFile);
    set.forEach(template::set);
    String yaml = template.call();
    Object parsed =
        Serialization.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    @SuppressWarnings("unchecked")
    List<HasMetadata> objects =
        parsed instanceof List<?> list ? (List<HasMetadata>) list : List.of((HasMetadata) parsed);
    return new Chart(objects);
  }

  /** Both value sets the chart ships: the defaults and values-large.yaml. */
  static List<Chart> bothValueSets() {
    return List.of(rendered(Map.of()), rendered(Optional.of(LARGE), Map.of()));
  }

  /**
   * Helm's strict lint of the chart with {@code values} as its values file (helm-java's lint takes
   * no values file, so the chart is copied with that file as its values.yaml).
   */
  static LintResult lintWith(Path values) {
    Path copy;
    try {
      copy = Files.createTempDirectory("chart").resolve("medmaas");
      try (Stream<Path> files = Files.walk(DIR)) {
        for (Path file : files.toList()) {
          Path target = copy.resolve(DIR.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      Files.copy(values, copy.resolve("values.yaml"), StandardCopyOption.REPLACE_EXISTING);
      return new Helm(copy).lint().strict().call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  <T extends HasMetadata> List<T> all(Class<T> kind) {
    return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  <T extends HasMetadata> T named(Class<T> kind, String name) {
    return all(kind).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
  }

  Deployment deployment(String service) {
    return named(Deployment.class, "medmaas-" + service);
  }

  List<HasMetadata> objects() {
    return objects.stream().sorted(Comparator.comparing(o -> o.getMetadata().getName())).toList();
  }
}
