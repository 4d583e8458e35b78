package io.medmaas.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medmaas.common.access.Action;
import io.medmaas.common.access.Role;
import io.medmaas.gateway.routes.Access;
import io.medmaas.gateway.routes.Route;
import io.medmaas.gateway.routes.Routes;
import io.medmaas.gateway.routes.Upstream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The gateway and the internal services decide who may do what from one role table ({@link
 * Action}): this walks every public route with every role and checks that the internal endpoint it
 * leads to allows exactly the same roles, and that every internal endpoint declares its action. The
 * services' endpoints are read from their sources (JAX-RS annotations), so no service starts.
 */
class RoleTableAgreementTest {

  private static final Path HOME = Path.of(System.getProperty("medmaas.home", ".."));
  private static final Set<String> VERBS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");
  private static final Pattern PATH = Pattern.compile("@Path\\(\"([^\"]*)\"\\)");
  private static final Pattern PERMITS = Pattern.compile("@Permits\\(Action\\.([A-Z_]+)\\)");
  private static final Pattern METHOD_START =
      Pattern.compile("^\\s*(public|protected|private|static|final|\\w+<|[A-Z]\\w*[ <])");

  /** An internal endpoint as its source declares it: null action for {@code @PermitAll}. */
  record Endpoint(String verb, String path, Action action, boolean permitAll, String where) {}

  @Test
  void everyRouteAllowsTheSameRolesAtTheGatewayAndAtItsService() {
    Map<String, Endpoint> endpoints = endpoints();
    int checked = 0;
    for (Route route : Routes.ALL) {
      if (route.upstream() == Upstream.NONE) {
        continue;
      }
      String key = key(route.upstream(), route.method().name(), route.target());
      Endpoint endpoint = endpoints.get(key);
      assertNotNull(endpoint, "no internal endpoint for " + route.method() + " " + route.path());
      if (route.access() == Access.PUBLIC) {
        assertTrue(endpoint.permitAll(), route.path() + " is public but " + endpoint.where());
        continue;
      }
      assertEquals(
          route.permits(),
          endpoint.action(),
          route.method() + " " + route.path() + " against " + endpoint.where());
      for (Role role : Role.values()) {
        boolean gateway = route.roles().contains(role.id());
        boolean service = endpoint.action().allows(Set.of(role.id()));
        assertEquals(gateway, service, role + " on " + route.method() + " " + route.path());
      }
      checked++;
    }
    assertTrue(checked >= 20, "routes checked: " + checked);
  }

  @Test
  void everyInternalEndpointDeclaresItsAction() {
    Map<String, Endpoint> endpoints = endpoints();
    assertTrue(endpoints.size() >= 25, "endpoints found: " + endpoints.size());
    for (Endpoint endpoint : endpoints.values()) {
      assertTrue(
          endpoint.permitAll() ^ endpoint.action() != null,
          endpoint.where() + " needs exactly one of @Permits or @PermitAll");
    }
  }

  @Test
  void aServiceCallingAnotherOnTheCallersBehalfNeedsNoRoleTheCallerLacks() {
    // the registry scores a validation set on inference as the caller who verifies (or uploads)
    assertTrue(Action.MODEL_OUTPUTS.roles().containsAll(Action.MODEL_VERIFY.roles()));
    assertTrue(Action.MODEL_OUTPUTS.roles().containsAll(Action.MODEL_UPLOAD.roles()));
    // inference resolves the version and fetches the artifact as the caller who predicts
    for (Action served : List.of(Action.MODEL_PREDICT, Action.MODEL_METADATA, Action.MODEL_READY)) {
      assertTrue(Action.MODEL_READ.roles().containsAll(served.roles()), served.name());
      assertTrue(Action.MODEL_LOAD.roles().containsAll(served.roles()), served.name());
    }
  }

  @Test
  void noHospitalRoleIsAPlatformAdministrator() {
    assertFalse(Role.HOSPITAL.contains(Role.PLATFORM_ADMIN));
    assertFalse(Role.HOSPITAL.contains(Role.GATEWAY));
    assertFalse(Role.PLATFORM.contains(Role.GATEWAY));
    for (Action action : Action.values()) {
      if (action.roles().contains(Role.GATEWAY)) {
        assertEquals(Set.of(Role.GATEWAY), action.roles(), action + " mixes service and people");
      }
    }
  }

  private static String key(Upstream upstream, String verb, String path) {
    return upstream + " " + verb + " " + path.replaceAll("\\{[^}]+}", "{}");
  }

  private static Map<String, Endpoint> endpoints() {
    Map<String, Endpoint> all = new HashMap<>();
    read(Upstream.REGISTRY, "registry", all);
    read(Upstream.INFERENCE, "inference", all);
    read(Upstream.TENANT_ADMIN, "tenant-admin", all);
    return all;
  }

  private static void read(Upstream upstream, String module, Map<String, Endpoint> into) {
    Path sources = HOME.resolve(module).resolve("src/main/java");
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(file);
        if (lines.stream().anyMatch(l -> l.startsWith("@Path("))) {
          endpointsOf(upstream, file.getFileName().toString(), lines, into);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Annotations are one per line (google-java-format), before the declaration they annotate. */
  private static void endpointsOf(
      Upstream upstream, String file, List<String> lines, Map<String, Endpoint> into) {
    String base = "";
    Action classAction = null;
    List<String> pending = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("@")) {
        pending.add(line);
        continue;
      }
      if (line.startsWith("public class") || line.startsWith("class ")) {
        base = pathOf(pending);
        classAction = actionOf(pending);
        pending.clear();
        continue;
      }
      if (!pending.isEmpty() && METHOD_START.matcher(lines.get(i)).find() && line.contains("(")) {
        String verb =
            pending.stream()
                .map(a -> a.substring(1))
                .filter(VERBS::contains)
                .findFirst()
                .orElse(null);
        if (verb != null) {
          Action action = actionOf(pending);
          boolean permitAll = pending.contains("@PermitAll");
          String path = (base + pathOf(pending)).replaceAll("/+", "/").replaceAll("(.)/$", "$1");
          String where = file + ":" + (i + 1);
          Endpoint endpoint =
              new Endpoint(verb, path, action != null ? action : classAction, permitAll, where);
          Endpoint clash = into.put(key(upstream, verb, path), endpoint);
          assertTrue(clash == null, "two endpoints for " + verb + " " + path);
        }
      }
      if (!line.isEmpty()) {
        pending.clear();
      }
    }
  }

  private static String pathOf(List<String> annotations) {
    for (String annotation : annotations) {
      Matcher m = PATH.matcher(annotation);
      if (m.find()) {
        return m.group(1);
      }
    }
    return "";
  }

  private static Action actionOf(List<String> annotations) {
    for (String annotation : annotations) {
      Matcher m = PERMITS.matcher(annotation);
      if (m.find()) {
        return Action.valueOf(m.group(1));
      }
    }
    return null;
  }
}
