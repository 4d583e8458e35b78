package io.medmaas.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The shared libraries the runtime and ONNX Runtime load (glibc, libstdc++, zlib, libjpeg, ...),
 * found with {@code ldd} on the building machine: the images start from nothing (no distribution's
 * base image, so nothing to pull), so these are all the operating system they have. The
 * desktop-only parts of the JDK (X11, sound, fonts, smart cards) are left out, and so are the
 * libraries only they need.
 */
final class NativeLibraries {

  /** JDK libraries no server path loads: X11 and AWT windows, sound, font rendering, PC/SC. */
  private static final Set<String> DESKTOP_ONLY =
      Set.of(
          "libawt_xawt.so",
          "libjawt.so",
          "libsplashscreen.so",
          "libjsound.so",
          "libfontmanager.so",
          "libj2pcsc.so",
          "libatk-wrapper.so");

  private static final Pattern RESOLVED = Pattern.compile("=>\\s+(/\\S+)\\s+\\(0x");
  private static final Pattern LOADER = Pattern.compile("^\\s*(/\\S+ld-linux\\S*)\\s+\\(0x");

  private NativeLibraries() {}

  /**
   * The absolute paths of every library {@code binaries} need, the dynamic loader included; a
   * library {@code ldd} cannot find stops the build.
   */
  static Set<Path> needed(List<Path> binaries) throws IOException, InterruptedException {
    Set<Path> libraries = new TreeSet<>();
    // the runtime's own libraries (libjvm.so above all) are loaded by it, not found by ldd
    Set<String> own = new TreeSet<>();
    binaries.forEach(b -> own.add(b.getFileName().toString()));
    for (Path binary : binaries) {
      if (DESKTOP_ONLY.contains(binary.getFileName().toString())) {
        continue;
      }
      Process ldd = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
      String out = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!ldd.waitFor(1, TimeUnit.MINUTES)) {
        ldd.destroyForcibly();
        throw new IllegalStateException("ldd did not answer for " + binary);
      }
      for (String line : out.lines().toList()) {
        String name = line.trim().split("\\s")[0];
        boolean ours = own.stream().anyMatch(o -> name.equals(o) || name.startsWith(o + "."));
        if (line.contains("not found") && !ours) {
          throw new IllegalStateException(binary + " needs a library this machine lacks: " + line);
        }
        Matcher resolved = RESOLVED.matcher(line);
        Matcher loader = LOADER.matcher(line);
        if (resolved.find()) {
          Path library = Path.of(resolved.group(1));
          if (!own.contains(library.getFileName().toString())) { // not one of the runtime's own
            libraries.add(library);
          }
        } else if (loader.find()) {
          libraries.add(Path.of(loader.group(1)));
        }
      }
    }
    return libraries;
  }

  /** The runtime's launcher and its shared objects, the ones {@link #needed} is asked about. */
  static List<Path> binariesOf(Path runtime) throws IOException {
    try (Stream<Path> files = Files.walk(runtime)) {
      return Stream.concat(
              Stream.of(runtime.resolve("bin/java")),
              files.filter(f -> f.getFileName().toString().endsWith(".so")))
          .toList();
    }
  }
}
