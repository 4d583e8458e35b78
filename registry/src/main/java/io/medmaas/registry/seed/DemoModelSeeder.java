package io.medmaas.registry.seed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.registry.model.service.ModelCatalog;
import io.medmaas.registry.model.store.Model;
import io.medmaas.registry.model.store.Stage;
import io.medmaas.registry.upload.UploadCheck;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Imports the demo model pack ({@code models/<name>/<version>/model.onnx + card.json}) into the
 * platform catalog at first start of the local run. Production never sets the folder, so this is
 * not a migration: a real registry starts empty.
 */
@ApplicationScoped
public class DemoModelSeeder {

  private static final Logger LOG = Logger.getLogger(DemoModelSeeder.class);

  @Inject ModelCatalog catalog;
  @Inject UploadCheck uploads;
  @Inject ObjectMapper json;

  @ConfigProperty(name = "medmaas.seed.models-dir")
  Optional<Path> modelsDir;

  void onStart(@Observes StartupEvent event) {
    modelsDir.ifPresent(this::importAll);
  }

  /** Imports every version folder not yet in the registry; returns how many were imported. */
  public int importAll(Path dir) {
    int imported = 0;
    for (Path versionDir : versionDirs(dir)) {
      String name = versionDir.getParent().getFileName().toString();
      String version = versionDir.getFileName().toString();
      if (catalog.existsInPlatformCatalog(name, version)) {
        continue;
      }
      try {
        byte[] onnx = Files.readAllBytes(versionDir.resolve("model.onnx"));
        String card = Files.readString(versionDir.resolve("card.json"));
        // The demo pack passes the same checks as any upload, trial load included
        UploadCheck.CheckedUpload checked = uploads.check(onnx, card, null, null);
        catalog.record(
            name,
            Model.PLATFORM,
            version,
            Stage.production,
            onnx,
            card,
            json.writeValueAsString(checked.signature()));
        attachValidationSet(name, version, versionDir);
        LOG.infof("Imported demo model %s version %s", name, version);
        imported++;
      } catch (IOException e) {
        throw new UncheckedIOException("Could not import demo model " + name, e);
      }
    }
    return imported;
  }

  /** The demo pack's held-out set becomes the version's validation set (CSV or JSON). */
  private void attachValidationSet(String name, String version, Path versionDir)
      throws IOException {
    for (String file : List.of("validation.csv", "validation.json")) {
      Path path = versionDir.resolve(file);
      if (Files.exists(path)) {
        String type = file.endsWith(".csv") ? "text/csv" : "application/json";
        catalog.attachValidationSet(Model.PLATFORM, name, version, Files.readAllBytes(path), type);
        return;
      }
    }
  }

  private static List<Path> versionDirs(Path dir) {
    try (Stream<Path> files = Files.walk(dir, 2)) {
      return files
          .filter(
              p -> Files.exists(p.resolve("model.onnx")) && Files.exists(p.resolve("card.json")))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the demo models folder " + dir, e);
    }
  }
}
