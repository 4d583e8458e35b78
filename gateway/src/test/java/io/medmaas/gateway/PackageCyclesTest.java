package io.medmaas.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The gateway's packages are features with no cycle between them. */
class PackageCyclesTest {

  private static final String ROOT = "io.medmaas.gateway";
  private static final Pattern IMPORT =
      Pattern.compile(
          "^import (?:static )?(io\\.medmaas\\.gateway\\.[a-z]+)\\.", Pattern.MULTILINE);

  @Test
  void noPackageDependsOnItselfThroughOthers() throws IOException {
    Map<String, Set<String>> uses = dependencies(Path.of("src/main/java/io/medmaas/gateway"));
    assertEquals(
        Set.of(
            "apikey",
            "audit",
            "auth",
            "forward",
            "internal",
            "pipeline",
            "quota",
            "routes",
            "tenant"),
        uses.keySet(),
        "the gateway's feature packages");
    List<String> cycles = new ArrayList<>();
    for (String start : uses.keySet()) {
      if (reaches(uses, start, start, new HashSet<>())) {
        cycles.add(start);
      }
    }
    assertEquals(List.of(), cycles, "packages on a cycle; dependencies: " + uses);
  }

  private static Map<String, Set<String>> dependencies(Path sources) throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path relative = sources.relativize(file.getParent());
        if (relative.toString().isEmpty()) {
          continue; // the root holds only the configuration, which every package may read
        }
        String pkg = relative.toString().replace('/', '.');
        Set<String> used = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          String other = m.group(1).substring(ROOT.length() + 1);
          if (!other.equals(pkg)) {
            used.add(other);
          }
        }
      }
    }
    return uses;
  }

  private static boolean reaches(
      Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
    for (String next : uses.getOrDefault(from, Set.of())) {
      if (next.equals(target)) {
        return true;
      }
      if (seen.add(next) && reaches(uses, next, target, seen)) {
        return true;
      }
    }
    return false;
  }
}
