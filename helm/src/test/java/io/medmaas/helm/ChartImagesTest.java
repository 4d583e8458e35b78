package io.medmaas.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart pulls exactly the images the build writes (images/target/images/images.txt): same
 * names, same tag, for every container and init container; and its defaults are the build's.
 */
class ChartImagesTest {

  private static final Path INDEX = Path.of("../images/target/images/images.txt");

  @Test
  void theChartsImageReferencesAreTheOnesTheBuildProduced() throws Exception {
    assertTrue(
        Files.exists(INDEX),
        "no " + INDEX + ": the images module builds before this one (./mvnw verify builds both)");
    Map<String, String> built = new HashMap<>();
    for (String line : Files.readAllLines(INDEX)) {
      String[] parts = line.split(" ");
      built.put(parts[0], parts[1]);
    }
    assertEquals(Map.copyOf(built).keySet(), java.util.Set.copyOf(Chart.SERVICES));
    String any = built.get("gateway");
    String registry = any.substring(0, any.lastIndexOf("/medmaas-"));
    String tag = any.substring(any.lastIndexOf(':') + 1);
    Chart chart = Chart.rendered(Map.of("image.registry", registry, "image.tag", tag));
    for (String service : Chart.SERVICES) {
      Deployment d = chart.deployment(service);
      var pod = d.getSpec().getTemplate().getSpec();
      for (Container c :
          Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream()).toList()) {
        assertEquals(built.get(service), c.getImage(), service + "/" + c.getName());
      }
    }
    String values = Files.readString(Chart.DIR.resolve("values.yaml"));
    assertTrue(values.contains("tag: \"" + tag + "\""), "the default tag is the build's version");
    assertTrue(
        Files.readString(Chart.DIR.resolve("Chart.yaml")).contains("appVersion: \"" + tag + "\""));
  }
}
