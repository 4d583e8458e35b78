package io.medmaas.gateway;

import io.medmaas.launcher.DatabaseRoles;
import io.medmaas.launcher.EmbeddedDatabase;
import io.medmaas.launcher.Migrations;
import io.medmaas.testing.TcpProxy;
import io.medmaas.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/**
 * The audit store of the gateway's tests, as the local run has it: a real PostgreSQL (durable, as
 * {@link EmbeddedDatabase} starts it), the audit table created by the registry's own migrations,
 * and the gateway logging in as its INSERT-only writer role. The gateway reaches the database
 * through a {@link TcpProxy}, so that a test can take the store away and give it back.
 */
public class AuditStoreResource implements QuarkusTestResourceLifecycleManager {

  private static volatile TestDatabase database;
  private static volatile TcpProxy proxy;
  private static volatile TcpProxy quotaProxy;

  @Override
  public Map<String, String> start() {
    database = TestDatabase.start();
    // the registry's migrations, as the registry's owner role runs them
    Migrations.run(
        database.jdbcUrl(),
        DatabaseRoles.REGISTRY_OWNER,
        database.password(DatabaseRoles.REGISTRY_OWNER),
        "registry",
        Path.of("../registry/src/main/resources/db/migration"));
    // and tenant-admin's, for the rate buckets the gateways share
    Migrations.run(
        database.jdbcUrl(),
        DatabaseRoles.TENANCY_OWNER,
        database.password(DatabaseRoles.TENANCY_OWNER),
        "tenancy",
        Path.of("../tenant-admin/src/main/resources/db/migration"));
    proxy = new TcpProxy(database.port());
    quotaProxy = new TcpProxy(database.port());
    return Map.of(
        "quarkus.datasource.reactive.url",
        "postgresql://127.0.0.1:" + proxy.port() + "/" + EmbeddedDatabase.DATABASE,
        "quarkus.datasource.username",
        DatabaseRoles.GATEWAY,
        "quarkus.datasource.password",
        database.password(DatabaseRoles.GATEWAY),
        "medmaas.quotas.store-url",
        "postgresql://127.0.0.1:" + quotaProxy.port() + "/" + EmbeddedDatabase.DATABASE);
  }

  /** The database as its superuser, for reading what the gateway wrote. */
  static java.sql.Connection superuser() throws java.sql.SQLException {
    return database.superuser();
  }

  static TcpProxy proxy() {
    return proxy;
  }

  /** The way to the shared rate buckets, which a test can take away on its own. */
  static TcpProxy quotaProxy() {
    return quotaProxy;
  }

  @Override
  public void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (quotaProxy != null) {
      quotaProxy.close();
    }
    if (database != null) {
      database.close();
    }
  }
}
