package io.medmaas.images;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the five service images as tarballs under {@code images/target/images} (run by the build's
 * package phase): {@code BuildImages HOME TARGET REGISTRY VERSION}. It also writes {@code
 * images.txt}, one line per image (service, reference, tarball), which the chart's tests compare
 * with the references the chart renders.
 */
public final class BuildImages {

  private BuildImages() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]).toAbsolutePath().normalize();
    Path target = Path.of(args[1]).toAbsolutePath().normalize();
    String registry = args[2];
    String version = args[3];
    long start = System.nanoTime();
    System.out.println("[images] staging the Java runtime and its native libraries");
    BaseLayers base = BaseLayers.stage(home, Files.createDirectories(target.resolve("base")));
    Path out = Files.createDirectories(target.resolve("images"));
    List<String> index = new ArrayList<>();
    for (ServiceImage image : ServiceImage.ALL) {
      String reference = image.reference(registry, version);
      Path tarball = out.resolve("medmaas-" + image.service() + ".tar");
      long began = System.nanoTime();
      image.build(home, base, reference, tarball, target.resolve("jib-cache"), version);
      System.out.printf(
          "[images] %s -> %s (%d MB, %.1f s)%n",
          reference,
          home.relativize(tarball),
          Files.size(tarball) >> 20,
          (System.nanoTime() - began) / 1e9);
      index.add(image.service() + " " + reference + " " + tarball.getFileName());
    }
    Files.write(out.resolve("images.txt"), index);
    System.out.printf("[images] five images in %.0f s%n", (System.nanoTime() - start) / 1e9);
  }
}
