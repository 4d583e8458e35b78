package io.medmaas.ui.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.quarkus.oidc.OidcTenantConfig;
import io.vertx.ext.web.RoutingContext;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A hospital's sign-in as quarkus-oidc is given it: one configuration object while its provider
 * stays the same; another provider replaces the old one (quarkus-oidc would otherwise keep the old
 * provider's endpoints and keys) and signs the person in again; no hospital is a disabled tenant;
 * and the request is noted as the resolved hospital's, whatever its cookies are named.
 */
class HospitalTenantsTest {

  private final HospitalTenants tenants = new HospitalTenants();
  private final Map<String, Object> data = new HashMap<>();

  HospitalTenantsTest() {
    tenants.config = TestConsoleConfig.withGateway("http://127.0.0.1:1");
  }

  /** A routing context that only keeps what is put on it. */
  private RoutingContext context() {
    data.clear();
    return AttributeContext.holding(data);
  }

  @Test
  void theSameProviderIsTheSameConfigurationAndAnotherReplacesIt() {
    Hospital cedar = new Hospital("https://login.cedar.example/realms/staff", "medmaas-console");
    OidcTenantConfig first = tenants.configFor(context(), "cedar-valley", Optional.of(cedar));
    assertNull(data.get(HospitalTenants.SIGN_IN_AGAIN), "a first one signs no one out");
    assertEquals("cedar-valley", data.get(HospitalTenants.TENANT_ATTRIBUTE));
    assertSame(first, tenants.configFor(context(), "cedar-valley", Optional.of(cedar)));
    assertNull(data.get(HospitalTenants.SIGN_IN_AGAIN));

    Hospital moved = new Hospital("https://idp.cedar.example/", "medmaas-console");
    OidcTenantConfig second = tenants.configFor(context(), "cedar-valley", Optional.of(moved));
    assertNotSame(first, second);
    assertEquals(Optional.of("https://idp.cedar.example/"), second.authServerUrl());
    assertEquals("true", data.get(HospitalTenants.REPLACE_PROVIDER));
    assertEquals("true", data.get(HospitalTenants.SIGN_IN_AGAIN));
  }

  @Test
  void aHospitalThatWentAndCameBackWithAnotherProviderStillReplacesTheOld() {
    Hospital cedar = new Hospital("https://login.cedar.example/realms/staff", "medmaas-console");
    tenants.configFor(context(), "cedar-valley", Optional.of(cedar));
    OidcTenantConfig gone = tenants.configFor(context(), "cedar-valley", Optional.empty());
    assertFalse(gone.tenantEnabled(), "no hospital: a disabled tenant, anonymous");
    tenants.configFor(
        context(),
        "cedar-valley",
        Optional.of(new Hospital("https://idp.cedar.example/", "medmaas-console")));
    assertEquals("true", data.get(HospitalTenants.SIGN_IN_AGAIN));
  }

  @Test
  void quarkusOidcStillNamesTheAttributesThisReliesOn() throws Exception {
    Class<?> resolver = Class.forName("io.quarkus.oidc.runtime.DefaultTenantConfigResolver");
    assertEquals(
        HospitalTenants.REPLACE_PROVIDER, constant(resolver, "REPLACE_TENANT_CONFIG_CONTEXT"));
    assertEquals(HospitalTenants.SIGN_IN_AGAIN, constant(resolver, "REMOVE_SESSION_COOKIE"));
    assertEquals(
        HospitalTenants.TENANT_ATTRIBUTE,
        constant(Class.forName("io.quarkus.oidc.runtime.OidcUtils"), "TENANT_ID_ATTRIBUTE"));
  }

  private static Object constant(Class<?> type, String name) throws Exception {
    Field field = type.getDeclaredField(name);
    field.setAccessible(true);
    return field.get(null);
  }
}
