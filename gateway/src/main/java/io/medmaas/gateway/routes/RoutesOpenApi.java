package io.medmaas.gateway.routes;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * The gateway's OpenAPI document ({@code /q/openapi}), written from the route table, so that it
 * lists exactly the routes the pipeline serves.
 */
public class RoutesOpenApi implements OASFilter {

  private static final String BEARER = "bearer";

  @Override
  public void filterOpenAPI(OpenAPI openApi) {
    Paths paths = OASFactory.createPaths();
    for (Route route : Routes.ALL) {
      PathItem item = paths.getPathItem(route.path());
      if (item == null) {
        item = OASFactory.createPathItem();
        paths.addPathItem(route.path(), item);
      }
      item.setOperation(PathItem.HttpMethod.valueOf(route.method().name()), operation(route));
    }
    openApi.setPaths(paths);
    openApi.setComponents(
        OASFactory.createComponents()
            .securitySchemes(
                Map.of(
                    BEARER,
                    OASFactory.createSecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT"))));
  }

  private static Operation operation(Route route) {
    Operation operation =
        OASFactory.createOperation()
            .summary(route.summary())
            .description(
                route.access() == Access.ROLES
                    ? "Roles: " + String.join(", ", new java.util.TreeSet<>(route.roles()))
                    : route.access() == Access.PUBLIC ? "Public" : "Any authenticated caller")
            .responses(
                OASFactory.createAPIResponses()
                    .addAPIResponse(
                        "default", OASFactory.createAPIResponse().description("See the README")));
    for (String segment : route.segments()) {
      if (segment.startsWith("{")) {
        operation.addParameter(parameter(segment.substring(1, segment.length() - 1), true));
      }
    }
    route.query().forEach(name -> operation.addParameter(parameter(name, false)));
    if (route.access() != Access.PUBLIC) {
      operation.setSecurity(
          List.of(OASFactory.createSecurityRequirement().addScheme(BEARER, List.of())));
    }
    return operation;
  }

  private static Parameter parameter(String name, boolean inPath) {
    return OASFactory.createParameter()
        .name(name)
        .in(inPath ? Parameter.In.PATH : Parameter.In.QUERY)
        .required(inPath)
        .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
  }
}
