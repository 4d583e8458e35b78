package io.medmaas.gateway.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medmaas.common.audit.AuditText;
import io.vertx.core.http.HttpMethod;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {

  private final RouteTable table = new RouteTable(Routes.ALL);

  @Test
  void aPathMatchesItsRouteWithDecodedParameters() {
    RouteMatch match =
        table.match(HttpMethod.POST, "/api/v1/models/breast-cancer-diagnosis/versions/%32/predict");
    assertTrue(match.found());
    assertEquals("model.predict", match.route().action());
    assertEquals("breast-cancer-diagnosis", match.param("model"));
    assertEquals("2", match.param("version"));
    assertTrue(match.paramsValid());
  }

  @Test
  void aParameterThatIsNotAValidNameBecomesTheMarker() {
    for (String model :
        new String[] {"x%00", "%C3%28", "a%07b", "a".repeat(4096), "..%2F..", "UPPER", "%zz"}) {
      RouteMatch match = table.match(HttpMethod.POST, "/api/v1/models/" + model + "/predict");
      assertTrue(match.found(), model);
      assertEquals(AuditText.INVALID, match.param("model"), model);
      assertFalse(match.paramsValid());
    }
    RouteMatch version =
        table.match(HttpMethod.GET, "/v2/models/breast-cancer-diagnosis/versions/1%0A/ready");
    assertEquals(AuditText.INVALID, version.param("version"));
  }

  @Test
  void aKnownPathWithAnotherMethodNamesTheAllowedOnes() {
    RouteMatch match = table.match(HttpMethod.GET, "/api/v1/models/m1/predict");
    assertFalse(match.found());
    assertEquals(Set.of(HttpMethod.POST), match.allowed());
  }

  @Test
  void anUnknownPathMatchesNothing() {
    RouteMatch match = table.match(HttpMethod.GET, "/api/v1/models/m1/predict/extra");
    assertFalse(match.found());
    assertTrue(match.allowed().isEmpty());
    assertNull(match.route());
  }

  @Test
  void noTwoRoutesTakeTheSameMethodAndPath() {
    Set<String> seen = new HashSet<>();
    for (Route route : Routes.ALL) {
      String shape = route.method() + " " + route.path().replaceAll("\\{[a-z]+}", "{}");
      assertTrue(seen.add(shape), "declared twice: " + shape);
      route.query().forEach(q -> assertTrue(QueryParameters.known(q), q));
    }
  }

  @Test
  void aPredictionBodyIsBoundedBelowAnUploadsAndControlBodiesBelowBoth() {
    long gateway = 80L << 20;
    long prediction = 8L << 20;
    RouteMatch predict = table.match(HttpMethod.POST, "/api/v1/models/m1/predict");
    RouteMatch infer = table.match(HttpMethod.POST, "/v2/models/m1/versions/2/infer");
    RouteMatch upload = table.match(HttpMethod.POST, "/api/v1/models/m1/versions");
    RouteMatch stage = table.match(HttpMethod.POST, "/api/v1/models/m1/versions/1/stage");
    assertEquals(prediction, predict.route().bodyLimit(gateway, prediction));
    assertEquals(prediction, infer.route().bodyLimit(gateway, prediction));
    assertEquals(gateway, upload.route().bodyLimit(gateway, prediction));
    assertEquals(1L << 20, stage.route().bodyLimit(gateway, prediction));
    assertEquals(
        1L << 20, predict.route().bodyLimit(1L << 20, prediction), "never above the gateway's");
    assertTrue(upload.route().changesState() && stage.route().changesState());
    assertFalse(predict.route().changesState());
  }

  @Test
  void everyRouteThatIsNotPublicIsAuditedAndLeadsSomewhere() {
    for (Route route : Routes.ALL) {
      if (route.access() == Access.SELF) {
        assertFalse(route.audited());
        assertTrue(route.answerer() != null, "only the gateway answers about the caller");
      } else if (route.access() != Access.PUBLIC) {
        assertTrue(route.audited());
        assertTrue(route.target() != null || route.answerer() != null, route.path());
      }
      int ways =
          (route.target() != null ? 1 : 0)
              + (route.localAnswer() != null ? 1 : 0)
              + (route.answerer() != null ? 1 : 0);
      assertEquals(1, ways, "one way to an answer: " + route.path());
    }
  }
}
