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
    int postgresPort,
    int registryManagementPort,
    int inferenceManagementPort,
    int tenantAdminManagementPort,
    int uiManagementPort) {

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
        port.apply("MAAS_POSTGRES_PORT=15432"),
        port.apply("MAAS_REGISTRY_MANAGEMENT_PORT=9081"),
        port.apply("MAAS_INFERENCE_MANAGEMENT_PORT=9082"),
        port.apply("MAAS_TENANT_ADMIN_MANAGEMENT_PORT=9083"),
        port.apply("MAAS_UI_MANAGEMENT_PORT=9084"));
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
        freePort(),
        freePort(),
        freePort(),
        freePort(),
        freePort());
  }

  /** Service name to HTTP port, in start order. */
  public Map<String, Integer> servicePorts() {
    return inStartOrder(tenantAdminPort, registryPort, inferencePort, gatewayPort, uiPort);
  }

  /**
   * Each service's management interface (health and metrics), on loopback like its API and never on
   * the API's port.
   */
  public Map<String, Integer> managementPorts() {
    return inStartOrder(
        tenantAdminManagementPort,
        registryManagementPort,
        inferenceManagementPort,
        gatewayManagementPort,
        uiManagementPort);
  }

  private static Map<String, Integer> inStartOrder(
      int tenantAdmin, int registry, int inference, int gateway, int ui) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("tenant-admin", tenantAdmin);
    ports.put("registry", registry);
    ports.put("inference", inference);
    ports.put("gateway", gateway);
    ports.put("ui", ui);
    return ports;
  }

  /** Where a service of the stack says it is ready: its management interface. */
  public String healthUrl(String service) {
    return url(managementPorts().get(service)) + "/q/health/ready";
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

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
