package io.medmaas.ui.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.medmaas.ui.UiConfig;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console reads a person's roles as the gateway does: through their hospital's role mapping,
 * and only the roles their kind of tenant may hold.
 */
class HospitalRolesTest {

  private final HospitalRoles augmentor = new HospitalRoles();

  @BeforeEach
  void hospitals() {
    Hospitals hospitals = new Hospitals();
    hospitals.config = config();
    hospitals.directory =
        new HospitalDirectory() {
          @Override
          Uni<Optional<Hospital>> lookup(String id) {
            return Uni.createFrom()
                .item(
                    id.equals("cedar-valley")
                        ? Optional.of(
                            new Hospital(
                                "https://login.cedar.example",
                                Hospital.CONSOLE_CLIENT,
                                "groups",
                                Map.of("physician", "clinician", "boss", "platform-admin")))
                        : Optional.empty());
          }
        };
    augmentor.hospitals = hospitals;
  }

  private Set<String> roles(String tenant, String... providerRoles) {
    SecurityIdentity identity =
        QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal("someone"))
            .addRoles(Set.of(providerRoles))
            .addAttribute(HospitalRoles.TENANT_ATTRIBUTE, tenant)
            .build();
    SecurityIdentity augmented =
        augmentor.augment(identity, null).await().atMost(Duration.ofSeconds(5));
    assertEquals("someone", augmented.getPrincipal().getName());
    assertEquals(tenant, augmented.getAttribute(HospitalRoles.TENANT_ATTRIBUTE));
    return augmented.getRoles();
  }

  @Test
  void aMappedHospitalsRolesAreMedmaasRolesAndNeverAPlatformOne() {
    assertEquals(Set.of("clinician"), roles("cedar-valley", "physician", "boss", "clinician"));
  }

  @Test
  void anUnmappedHospitalKeepsOnlyHospitalRoles() {
    assertEquals(
        Set.of("clinician", "auditor"),
        roles("aurora-general", "clinician", "auditor", "platform-admin", "offline_access"));
  }

  @Test
  void thePlatformsStaffKeepOnlyPlatformRoles() {
    assertEquals(Set.of("platform-admin"), roles("platform", "platform-admin", "clinician"));
  }

  @Test
  void aHospitalNoLongerKnownHasNoRoles() {
    assertEquals(Set.of(), roles("west-end", "clinician"));
  }

  @Test
  void anAnonymousVisitorIsLeftAlone() {
    SecurityIdentity anonymous = QuarkusSecurityIdentity.builder().setAnonymous(true).build();
    assertSame(anonymous, augmentor.augment(anonymous, null).await().indefinitely());
  }

  private static UiConfig config() {
    return new UiConfig() {
      @Override
      public String gatewayUrl() {
        return "http://127.0.0.1:1";
      }

      @Override
      public String publicUrl() {
        return "https://console.example";
      }

      @Override
      public String stateSecret() {
        return "x".repeat(32);
      }

      @Override
      public boolean secureCookies() {
        return true;
      }

      @Override
      public Session session() {
        throw new UnsupportedOperationException();
      }

      @Override
      public Map<String, UiConfig.Hospital> hospitals() {
        return Map.of(
            "platform",
            hospital("https://login.example/realms/medmaas"),
            "aurora-general",
            hospital("https://login.example/realms/aurora-general"));
      }
    };
  }

  private static UiConfig.Hospital hospital(String issuer) {
    return new UiConfig.Hospital() {
      @Override
      public String issuer() {
        return issuer;
      }

      @Override
      public String clientId() {
        return Hospital.CONSOLE_CLIENT;
      }

      @Override
      public Optional<List<String>> emailDomains() {
        return Optional.empty();
      }

      @Override
      public String rolesClaim() {
        return "realm_access/roles";
      }
    };
  }
}
