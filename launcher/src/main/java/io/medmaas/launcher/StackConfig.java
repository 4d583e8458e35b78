package io.medmaas.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the local stack lives and which loopback ports it uses.
 *
 * @param home the repository root (service jars, demo models)
 * @param stateDir where PostgreSQL data, keys, Keycloak and logs are kept between runs
 */
public record StackConfig(
    Path home,
    Path stateDir,
    int gatewayPort,
    int gatewayManagementPort,
    int registryPort,
    int inferencePort,
    int tenantAdminPort,
    int uiPort,
    int keycloakPort,
    int keycloakManagementPort,
    int postgresPort) {

  /**
   * The documented fixed ports of {@code ./maas up}, each overridable by an environment variable.
   */
  public static StackConfig local(Path home, Map<String, String> env) {
    Function<String, Integer> port =
        spec -> {
          String[] parts = spec.split("=");
          String value = env.get(parts[0]);
          return Integer.parseInt(value == null || value.isBlank() ? parts[1] : value.trim());
        };
    return new StackConfig(
        home,
        home.resolve(".maas"),
        port.apply("MAAS_GATEWAY_PORT=8080"),
        port.apply("MAAS_GATEWAY_MANAGEMENT_PORT=9080"),
        port.apply("MAAS_REGISTRY_PORT=8081"),
        port.apply("MAAS_INFERENCE_PORT=8082"),
        port.apply("MAAS_TENANT_ADMIN_PORT=8083"),
        port.apply("MAAS_UI_PORT=8084"),
        port.apply("MAAS_KEYCLOAK_PORT=8180"),
        port.apply("MAAS_KEYCLOAK_MANAGEMENT_PORT=8190"),
        port.apply("MAAS_POSTGRES_PORT=15432"));
  }

  /** Free random ports, for tests that must not collide with a running local stack. */
  public static StackConfig ephemeral(Path home, Path stateDir) {
    return new StackConfig(
        home,
        stateDir,
        freePort(),
        freePort(),
        freePort(),
        freePort(),
        freePort(),
        freePort(),
        freePort(),
        freePort(),
        freePort());
  }

  /** Service name to HTTP port, in start order. */
  public Map<String, Integer> servicePorts() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("tenant-admin", tenantAdminPort);
    ports.put("registry", registryPort);
    ports.put("inference", inferencePort);
    ports.put("gateway", gatewayPort);
    ports.put("ui", uiPort);
    return ports;
  }

  /**
   * Where a service answers its health checks: the gateway's health and metrics are on its
   * management interface (loopback), never on the public port; the others have one port.
   */
  public String healthUrl(String service) {
    return healthUrl(service, servicePorts().get(service));
  }

  /** As above, for an instance of the service on {@code port} (a benchmark's variant). */
  public String healthUrl(String service, int port) {
    return url("gateway".equals(service) ? gatewayManagementPort : port) + "/q/health/ready";
  }

  public String keycloakUrl() {
    return "http://127.0.0.1:" + keycloakPort;
  }

  public String issuer(String realm) {
    return keycloakUrl() + "/realms/" + realm;
  }

  public String url(int port) {
    return "http://127.0.0.1:" + port;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + EmbeddedDatabase.DATABASE;
  }

  /** The same database for the Vert.x reactive PostgreSQL client. */
  public String reactiveUrl() {
    return "postgresql://127.0.0.1:" + postgresPort + "/" + EmbeddedDatabase.DATABASE;
  }

  public Path logs() {
    return stateDir.resolve("logs");
  }

  public Path keys() {
    return stateDir.resolve("keys");
  }

  /** Where the registry spools an upload while it checks it: private to the stack's user. */
  public Path uploads() {
    return stateDir.resolve("uploads");
  }

  public Path runDir() {
    return stateDir.resolve("run");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
