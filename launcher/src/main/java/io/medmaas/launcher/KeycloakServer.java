package io.medmaas.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Keycloak from its Maven distribution, in dev mode, importing the demo realms at first start. */
public final class KeycloakServer {

  public static final List<String> REALMS = List.of("medmaas", "aurora-general", "cedar-valley");

  private KeycloakServer() {}

  /** Unpacks the distribution (once), lays out the realm imports and starts Keycloak. */
  public static ManagedProcess start(StackConfig config) {
    Path installation = install(config.stateDir().resolve("keycloak"));
    copyRealms(installation.resolve("data/import"));
    List<String> command =
        List.of(
            installation.resolve("bin/kc.sh").toString(),
            "start-dev",
            "--http-host=127.0.0.1",
            "--http-port=" + config.keycloakPort(),
            "--hostname=" + config.keycloakUrl(),
            "--http-management-port=" + config.keycloakManagementPort(),
            "--import-realm");
    Map<String, String> env =
        Map.of(
            "JAVA_HOME", System.getProperty("java.home"),
            "KC_BOOTSTRAP_ADMIN_USERNAME", "admin",
            "KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
    URI ready = URI.create(config.issuer("cedar-valley") + "/.well-known/openid-configuration");
    return ManagedProcess.start(
        "keycloak", command, env, installation, config.logs().resolve("keycloak.log"), ready);
  }

  private static Path install(Path dir) {
    Properties props = new Properties();
    try (InputStream in = KeycloakServer.class.getResourceAsStream("/launcher.properties")) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path installation = dir.resolve("keycloak-" + props.getProperty("keycloak.version"));
    if (Files.exists(installation.resolve("bin/kc.sh"))) {
      return installation;
    }
    Path zip = Path.of(props.getProperty("keycloak.zip"));
    if (!Files.exists(zip)) {
      throw new IllegalStateException(
          "Keycloak distribution not found at " + zip + "; run ./mvnw package first");
    }
    unzip(zip, dir);
    installation.resolve("bin/kc.sh").toFile().setExecutable(true);
    return installation;
  }

  private static void unzip(Path zip, Path target) {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        Path out = target.resolve(entry.getName()).normalize();
        if (!out.startsWith(target)) {
          throw new IllegalStateException("zip entry escapes the target folder");
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          try (InputStream in = file.getInputStream(entry)) {
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
          }
          if (out.getFileName().toString().endsWith(".sh")) {
            out.toFile().setExecutable(true);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not unpack Keycloak", e);
    }
  }

  private static void copyRealms(Path importDir) {
    try {
      Files.createDirectories(importDir);
      for (String realm : REALMS) {
        String resource = "/keycloak/" + realm + "-realm.json";
        try (InputStream in = KeycloakServer.class.getResourceAsStream(resource)) {
          Files.copy(
              in, importDir.resolve(realm + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
