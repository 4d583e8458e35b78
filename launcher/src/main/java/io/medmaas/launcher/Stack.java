package io.medmaas.launcher;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole local platform: PostgreSQL, Keycloak and the five services. {@code ./maas up} and the
 * end-to-end tests both start it through this class, so that what the tests exercise is what a
 * newcomer runs.
 */
public final class Stack implements AutoCloseable {

  /** The component name of the database in {@link #kill} and {@link #restart}. */
  public static final String POSTGRES = "postgres";

  private static final Duration KEYCLOAK_TIMEOUT = Duration.ofMinutes(4);
  private static final Duration SERVICE_TIMEOUT = Duration.ofMinutes(2);

  private final StackConfig config;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final Map<String, ManagedProcess> processes = new HashMap<>();
  private EmbeddedDatabase database;

  private Stack(StackConfig config) {
    this.config = config;
  }

  public static Stack start(StackConfig config, Consumer<String> progress) {
    Stack stack = new Stack(config);
    try {
      stack.startAll(progress);
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  public StackConfig config() {
    return config;
  }

  private void startAll(Consumer<String> progress) {
    for (Service service : services(KeyMaterial.ensure(config.keys()))) {
      if (!Files.exists(service.jar(config.home()))) {
        throw new IllegalStateException(
            service.name()
                + " is not built ("
                + service.jar(config.home())
                + "); run ./mvnw package");
      }
    }
    progress.accept("Starting PostgreSQL on port " + config.postgresPort());
    KeyMaterial keys = KeyMaterial.ensure(config.keys());
    database = startDatabase(keys);
    started.add(database);
    Map<String, String> passwords = new HashMap<>();
    DatabaseRoles.LOGINS.forEach(role -> passwords.put(role, keys.databasePassword(role)));
    database.ensureServiceRoles(passwords);
    progress.accept("Migrating the registry's and tenant-admin's schemas (as their owner roles)");
    Migrations.run(
        config.jdbcUrl(),
        DatabaseRoles.REGISTRY_OWNER,
        passwords.get(DatabaseRoles.REGISTRY_OWNER),
        "registry",
        config.home().resolve("registry/src/main/resources/db/migration"));
    Migrations.run(
        config.jdbcUrl(),
        DatabaseRoles.TENANCY_OWNER,
        passwords.get(DatabaseRoles.TENANCY_OWNER),
        "tenancy",
        config.home().resolve("tenant-admin/src/main/resources/db/migration"));

    progress.accept("Starting Keycloak on port " + config.keycloakPort() + " (about a minute)");
    ManagedProcess keycloak = KeycloakServer.start(config);
    started.add(keycloak);

    List<ManagedProcess> processes = new ArrayList<>();
    for (Service service : services(KeyMaterial.ensure(config.keys()))) {
      progress.accept("Starting " + service.name() + " on port " + service.port());
      ManagedProcess process = launch(service);
      started.add(process);
      processes.add(process);
      this.processes.put(service.name(), process);
    }
    for (ManagedProcess process : processes) {
      process.awaitReady(SERVICE_TIMEOUT, progress);
      progress.accept("  " + process.name() + " is ready");
    }
    keycloak.awaitReady(KEYCLOAK_TIMEOUT, progress);
    progress.accept("  keycloak is ready");
    registerConsoles(List.of(config.url(config.uiPort())));
    progress.accept("Verifying the demo models' card metrics on their held-out sets");
    DemoVerification.run(config, progress);
  }

  private EmbeddedDatabase startDatabase(KeyMaterial keys) {
    return EmbeddedDatabase.start(
        config.stateDir().resolve("postgres"),
        config.postgresPort(),
        keys.databasePassword(EmbeddedDatabase.USER));
  }

  /**
   * Ends a component as a crash would, for the fault tests: {@code postgres} or a service's name,
   * SIGKILL to it and its children. {@link #restart} brings it back.
   */
  public void kill(String component) {
    if (POSTGRES.equals(component)) {
      database.kill();
    } else {
      processOf(component).kill();
    }
  }

  /**
   * Starts a killed (or running) component again, on its port and with its data, as the stack
   * started it; returns once it is ready.
   */
  public void restart(String component) {
    if (POSTGRES.equals(component)) {
      EmbeddedDatabase restarted = startDatabase(KeyMaterial.ensure(config.keys()));
      started.set(started.indexOf(database), restarted);
      database = restarted;
      return;
    }
    ManagedProcess old = processOf(component);
    old.close();
    Service service =
        services(KeyMaterial.ensure(config.keys())).stream()
            .filter(s -> s.name().equals(component))
            .findFirst()
            .orElseThrow();
    ManagedProcess process = launch(service);
    started.set(started.indexOf(old), process);
    processes.put(component, process);
    process.awaitReady(SERVICE_TIMEOUT, line -> {});
  }

  private ManagedProcess processOf(String service) {
    ManagedProcess process = processes.get(service);
    if (process == null) {
      throw new IllegalArgumentException("No service named " + service);
    }
    return process;
  }

  /** The operating-system process id of a started service (for CPU accounting). */
  public long pid(String service) {
    return processOf(service).pid();
  }

  /**
   * Starts one more instance of a service on another port with some settings changed (the benchmark
   * runs a second inference without batching side by side); stopped with the stack.
   */
  public ManagedProcess startVariant(
      String service, String variant, int port, Map<String, String> overrides) {
    Service base =
        services(KeyMaterial.ensure(config.keys())).stream()
            .filter(s -> s.name().equals(service))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("No service named " + service));
    Map<String, String> properties = new HashMap<>(base.properties());
    // a variant's health and metrics on a management port of its own, unless the caller names one
    properties.put("quarkus.management.port", Integer.toString(StackConfig.freePort()));
    properties.putAll(overrides);
    ManagedProcess process = launch(new Service(service, port, properties, base.env()), variant);
    started.add(process);
    processes.put(variant, process);
    process.awaitReady(SERVICE_TIMEOUT, line -> {});
    return process;
  }

  /**
   * Registers the consoles at {@code uis} (their public addresses) as the one console client of
   * every demo realm: where sign-ins may return and sign-outs may land.
   */
  public void registerConsoles(List<String> uis) {
    ConsoleClients.ensure(config, uis);
  }

  /** The services in start order, with the settings that tie them together. */
  public List<Service> services(KeyMaterial keys) {
    // the services verify with the key set (current key, and the previous one after a rotation)
    String publicKey = keys.keySet().toString();
    // passwords reach a service through its environment, never its command line (ps shows that)
    Map<String, String> registry = new HashMap<>();
    registry.put(
        "quarkus.management.port", String.valueOf(config.managementPorts().get("registry")));
    registry.put("quarkus.datasource.jdbc.url", config.jdbcUrl());
    registry.put("quarkus.datasource.username", DatabaseRoles.REGISTRY_APP);
    registry.put("quarkus.flyway.migrate-at-start", "false"); // the launcher migrated, as owner
    registry.put("mp.jwt.verify.publickey.location", publicKey);
    registry.put("medmaas.seed.models-dir", config.home().resolve("models").toString());
    registry.put("medmaas.inference.url", config.url(config.inferencePort()));
    registry.put("medmaas.audit.signing-key.location", keys.auditSigningKey().toString());
    // a tenant's weights are spooled to disk while the registry checks them: in a private folder
    registry.put(
        "quarkus.http.body.uploads-directory",
        KeyMaterial.privateDirectory(config.uploads()).toString());
    Map<String, String> registryEnv =
        Map.of(
            "QUARKUS_DATASOURCE_PASSWORD",
            keys.databasePassword(DatabaseRoles.REGISTRY_APP),
            "MEDMAAS_ARTIFACTS_ENCRYPTION_KEY",
            keys.artifactEncryptionKey());

    Map<String, String> tenantAdmin = new HashMap<>();
    tenantAdmin.put(
        "quarkus.management.port", String.valueOf(config.managementPorts().get("tenant-admin")));
    tenantAdmin.put("quarkus.datasource.jdbc.url", config.jdbcUrl());
    tenantAdmin.put("quarkus.datasource.username", DatabaseRoles.TENANCY_APP);
    tenantAdmin.put("quarkus.flyway.migrate-at-start", "false");
    tenantAdmin.put("mp.jwt.verify.publickey.location", publicKey);
    tenantAdmin.put("medmaas.seed.demo-tenants", "true");
    tenantAdmin.put("medmaas.seed.issuer-base-url", config.keycloakUrl() + "/realms/");
    tenantAdmin.put("medmaas.registry.url", config.url(config.registryPort()));
    // the local Keycloak speaks http on loopback; a deployment's providers must use https
    tenantAdmin.put("medmaas.tenants.allow-http-issuers", "true");
    tenantAdmin.put("medmaas.tenants.allow-private-issuers", "true");
    Map<String, String> tenantAdminEnv =
        Map.of(
            "QUARKUS_DATASOURCE_PASSWORD",
            keys.databasePassword(DatabaseRoles.TENANCY_APP),
            "MEDMAAS_API_KEYS_HASH_KEY",
            keys.apiKeyHashKey());

    Map<String, String> inference = new HashMap<>();
    inference.put(
        "quarkus.management.port", String.valueOf(config.managementPorts().get("inference")));
    inference.put("mp.jwt.verify.publickey.location", publicKey);
    inference.put("medmaas.registry.url", config.url(config.registryPort()));
    // Alias moves arrive as PostgreSQL events; the cache's expiry is only a safety net.
    inference.put("medmaas.inference.alias-ttl", "60s");
    inference.put("medmaas.events.jdbc-url", config.jdbcUrl());
    inference.put("medmaas.events.username", DatabaseRoles.EVENTS);
    Map<String, String> inferenceEnv =
        Map.of("MEDMAAS_EVENTS_PASSWORD", keys.databasePassword(DatabaseRoles.EVENTS));

    Map<String, String> gateway =
        Map.of(
            "smallrye.jwt.sign.key.location", keys.privateKey().toString(),
            "smallrye.jwt.sign.key.id", keys.keyId(),
            "medmaas.platform.issuer", config.issuer("medmaas"),
            "medmaas.upstream.registry-url", config.url(config.registryPort()),
            "medmaas.upstream.inference-url", config.url(config.inferencePort()),
            "medmaas.upstream.tenant-admin-url", config.url(config.tenantAdminPort()),
            "quarkus.datasource.reactive.url", config.reactiveUrl(),
            "quarkus.datasource.username", DatabaseRoles.GATEWAY,
            "quarkus.management.port", String.valueOf(config.gatewayManagementPort()),
            // the local Keycloak is on loopback; a deployment's providers must be public
            "medmaas.tokens.allow-private-issuers", "true");

    Map<String, String> ui = new HashMap<>();
    ui.put("quarkus.management.port", String.valueOf(config.managementPorts().get("ui")));
    ui.put("medmaas.ui.gateway-url", config.url(config.gatewayPort()));
    ui.put("medmaas.ui.public-url", config.url(config.uiPort()));
    // a local run speaks plain http on loopback; a deployment's cookies are Secure
    ui.put("medmaas.ui.secure-cookies", "false");
    // The platform's provider is the console's configuration; a hospital's is tenant-admin's, which
    // the console asks through the gateway (as in Kubernetes). Aurora General's people may also
    // name it by their e-mail domain.
    ui.put("medmaas.ui.hospitals.platform.issuer", config.issuer("medmaas"));
    ui.put("medmaas.ui.hospitals.aurora-general.email-domains", "aurora-general.example");
    Map<String, String> uiEnv = Map.of("MEDMAAS_UI_STATE_SECRET", keys.consoleStateSecret());

    return List.of(
        new Service("tenant-admin", config.tenantAdminPort(), tenantAdmin, tenantAdminEnv),
        new Service("registry", config.registryPort(), registry, registryEnv),
        new Service("inference", config.inferencePort(), inference, inferenceEnv),
        new Service(
            "gateway",
            config.gatewayPort(),
            gateway,
            Map.of(
                "MEDMAAS_AUDIT_DIGEST_KEY",
                keys.auditDigestKeyValue(),
                "MEDMAAS_API_KEYS_HASH_KEY",
                keys.apiKeyHashKey(),
                "QUARKUS_DATASOURCE_PASSWORD",
                keys.databasePassword(DatabaseRoles.GATEWAY))),
        new Service("ui", config.uiPort(), ui, uiEnv));
  }

  private ManagedProcess launch(Service service) {
    return launch(service, service.name());
  }

  private ManagedProcess launch(Service service, String name) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-Dquarkus.http.host=127.0.0.1");
    command.add("-Dquarkus.http.port=" + service.port());
    service.properties().forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(service.jar(config.home()).toString());
    return ManagedProcess.start(
        name,
        command,
        service.env(),
        config.home(),
        config.logs().resolve(name + ".log"),
        URI.create(healthUrl(service)));
  }

  /** Where a started instance says it is ready: its own management port. */
  private String healthUrl(Service service) {
    return config.url(Integer.parseInt(service.properties().get("quarkus.management.port")))
        + "/q/health/ready";
  }

  /** Stops everything this stack started, newest first. */
  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        System.err.println("Could not stop a component: " + e.getMessage());
      }
    }
    started.clear();
  }
}
