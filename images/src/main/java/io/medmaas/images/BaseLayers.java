package io.medmaas.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What the five images share, staged under the build folder: the operating-system files (the native
 * libraries, a passwd entry for uid 185, the folders a runtime mounts over), the Java runtime, and
 * ONNX Runtime's natives unpacked from its jar, so that nothing is unpacked at run time onto a root
 * filesystem that is read-only.
 */
record BaseLayers(Path os, Path java, Path onnxRuntime) {

  private static final String ORT_NATIVES = "ai/onnxruntime/native/linux-x64/";

  static BaseLayers stage(Path home, Path work) throws IOException, InterruptedException {
    Path java = JavaRuntime.linked(work.resolve("java-runtime"));
    Path ort = work.resolve("onnxruntime");
    Images.deleteTree(ort);
    Files.createDirectories(ort);
    Path jar = onnxRuntimeJar(home.resolve("inference/target/quarkus-app/lib/main"));
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (String lib : List.of("libonnxruntime.so", "libonnxruntime4j_jni.so")) {
        ZipEntry entry = zip.getEntry(ORT_NATIVES + lib);
        if (entry == null) {
          throw new IllegalStateException(jar + " has no " + ORT_NATIVES + lib);
        }
        try (InputStream in = zip.getInputStream(entry)) {
          Files.copy(in, ort.resolve(lib));
        }
        ort.resolve(lib).toFile().setExecutable(true, false);
      }
    }

    Path os = work.resolve("operating-system");
    Images.deleteTree(os);
    List<Path> binaries = new ArrayList<>(NativeLibraries.binariesOf(java));
    binaries.add(ort.resolve("libonnxruntime.so"));
    binaries.add(ort.resolve("libonnxruntime4j_jni.so"));
    for (Path library : NativeLibraries.needed(binaries)) {
      Path target = os.resolve(library.toString().substring(1));
      Files.createDirectories(target.getParent());
      Files.copy(library, target, StandardCopyOption.REPLACE_EXISTING); // the file, not a link
      target.toFile().setExecutable(true, false);
    }
    Path etc = Files.createDirectories(os.resolve("etc"));
    Files.writeString(
        etc.resolve("passwd"),
        "root:x:0:0:root:/root:/sbin/nologin\nmedmaas:x:185:185:medmaas:/tmp:/sbin/nologin\n");
    Files.writeString(etc.resolve("group"), "root:x:0:\nmedmaas:x:185:\n");
    Files.writeString(etc.resolve("nsswitch.conf"), "hosts: files dns\n");
    for (String mountPoint : List.of("tmp", "proc", "sys", "dev", "deployments/config")) {
      Files.createDirectories(os.resolve(mountPoint));
    }
    return new BaseLayers(os, java, ort);
  }

  private static Path onnxRuntimeJar(Path lib) throws IOException {
    try (Stream<Path> jars = Files.list(lib)) {
      return jars.filter(
              p -> p.getFileName().toString().startsWith("com.microsoft.onnxruntime.onnxruntime-"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException("No ONNX Runtime jar in " + lib + "; build inference"));
    }
  }
}
