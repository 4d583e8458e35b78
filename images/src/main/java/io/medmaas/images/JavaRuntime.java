package io.medmaas.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Java runtime of every image: jlink'd from the building JDK's modules (about 51 MB), with the
 * modules the five services use and nothing else, no header files, man pages or debug symbols. Made
 * once per build folder; the same JDK and module list give the same files.
 */
final class JavaRuntime {

  /** What the services need (jdeps over their libraries, plus JAXB's and JTA's needs). */
  static final List<String> MODULES =
      List.of(
          "java.base",
          "java.compiler",
          "java.desktop",
          "java.instrument",
          "java.logging",
          "java.management",
          "java.naming",
          "java.net.http",
          "java.rmi",
          "java.security.jgss",
          "java.sql",
          "java.xml",
          "jdk.crypto.ec",
          "jdk.management",
          "jdk.naming.dns",
          "jdk.unsupported",
          "jdk.zipfs");

  private JavaRuntime() {}

  /** The runtime under {@code target}, linked now unless it is there with the same modules. */
  static Path linked(Path target) throws IOException, InterruptedException {
    Path stamp = target.resolveSibling(target.getFileName() + ".modules");
    // the JDK by place and exact version (an update in place is a new runtime), and the modules
    String wanted =
        System.getProperty("java.home")
            + "\n"
            + System.getProperty("java.runtime.version")
            + "\n"
            + String.join(",", MODULES);
    if (Files.isDirectory(target)
        && Files.exists(stamp)
        && Files.readString(stamp).equals(wanted)) {
      return target;
    }
    Files.deleteIfExists(stamp);
    Images.deleteTree(target);
    Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
    Path jmods = Path.of(System.getProperty("java.home"), "jmods");
    if (!Files.isExecutable(jlink) || !Files.isDirectory(jmods)) {
      throw new IllegalStateException(
          "The images need a full JDK with jlink and jmods (" + jlink + ", " + jmods + ")");
    }
    Process process =
        new ProcessBuilder(
                jlink.toString(),
                "--module-path",
                jmods.toString(),
                "--add-modules",
                String.join(",", MODULES),
                "--strip-debug",
                "--no-header-files",
                "--no-man-pages",
                "--compress=2",
                "--output",
                target.toString())
            .inheritIO()
            .start();
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("jlink failed");
    }
    Files.writeString(stamp, wanted);
    return target;
  }
}
