package io.medmaas.gateway.routes;

import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * The gateway's OpenAPI document ({@code /q/openapi}, Swagger UI at {@code /q/swagger-ui}), written
 * from the route table, so that it lists exactly the routes the pipeline serves: for each, its
 * parameters, request body schema, the answers it gives (every error the pipeline can produce, in
 * the family's shape: problem+json under {@code /api}, {@code {"error"}} under {@code /v2}) and who
 * may call it; with the security schemes (a bearer token from the tenant's identity provider; the
 * platform realm's OpenID Connect discovery when configured).
 */
public class RoutesOpenApi implements OASFilter {

  private static final String BEARER = "bearer";
  static final String API_KEY = "apiKey";
  private static final String OIDC = "platformOidc";
  private static final String PROBLEM = "application/problem+json";
  private static final String JSON = "application/json";

  /** Every error status the gateway itself answers, and what it means. */
  private static final Map<String, String> ERRORS = errors();

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
    Map<String, SecurityScheme> schemes = new LinkedHashMap<>();
    schemes.put(
        BEARER,
        OASFactory.createSecurityScheme()
            .type(SecurityScheme.Type.HTTP)
            .scheme("bearer")
            .bearerFormat("JWT")
            .description(
                "An access token from the caller's hospital identity provider (its issuer names"
                    + " the tenant) or from the platform realm; audience medmaas-api"));
    schemes.put(
        API_KEY,
        OASFactory.createSecurityScheme()
            .type(SecurityScheme.Type.APIKEY)
            .in(SecurityScheme.In.HEADER)
            .name("X-API-Key")
            .description(
                "A partner's API key (mk_live_...), in this header only: a key in the URL is"
                    + " refused. It acts for its own tenant, within its scopes: predict,"
                    + " predict:<model>, models:read, audit:read"));
    platformIssuer()
        .ifPresent(
            issuer ->
                schemes.put(
                    OIDC,
                    OASFactory.createSecurityScheme()
                        .type(SecurityScheme.Type.OPENIDCONNECT)
                        .openIdConnectUrl(issuer + "/.well-known/openid-configuration")
                        .description("The platform realm (platform admins and auditors)")));
    openApi.setComponents(
        OASFactory.createComponents().securitySchemes(schemes).schemas(OpenApiSchemas.all()));
  }

  private static Optional<String> platformIssuer() {
    try {
      return ConfigProvider.getConfig().getOptionalValue("medmaas.platform.issuer", String.class);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Operation operation(Route route) {
    Operation operation =
        OASFactory.createOperation()
            .operationId(operationId(route))
            .summary(route.summary())
            .description(
                route.access() == Access.ROLES
                    ? "Action "
                        + route.action()
                        + "; roles: "
                        + String.join(", ", new TreeSet<>(route.roles()))
                    : "Public")
            .responses(responses(route));
    for (String segment : route.segments()) {
      if (segment.startsWith("{")) {
        operation.addParameter(parameter(segment.substring(1, segment.length() - 1), true));
      }
    }
    route.query().forEach(name -> operation.addParameter(parameter(name, false)));
    OpenApiSchemas.requestBody(route).ifPresent(operation::setRequestBody);
    if (route.access() != Access.PUBLIC) {
      List<org.eclipse.microprofile.openapi.models.security.SecurityRequirement> security =
          new ArrayList<>();
      security.add(OASFactory.createSecurityRequirement().addScheme(BEARER, List.of()));
      if (route.permits() != null
          && io.medmaas.common.apikey.ApiKeyScopes.internalRole(route.permits()).isPresent()) {
        security.add(OASFactory.createSecurityRequirement().addScheme(API_KEY, List.of()));
      }
      if (platformIssuer().isPresent()) {
        security.add(OASFactory.createSecurityRequirement().addScheme(OIDC, List.of()));
      }
      operation.setSecurity(security);
    }
    return operation;
  }

  private static String operationId(Route route) {
    String shape =
        route.path().replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_", "");
    return route.method().name().toLowerCase() + "_" + shape;
  }

  private static APIResponses responses(Route route) {
    APIResponses responses = OASFactory.createAPIResponses();
    String success = successStatus(route);
    responses.addAPIResponse(success, OpenApiSchemas.success(route, success));
    boolean oip = route.path().startsWith("/v2");
    String errorType = oip ? JSON : PROBLEM;
    Schema errorSchema =
        OASFactory.createSchema()
            .ref(oip ? "#/components/schemas/OipError" : "#/components/schemas/Problem");
    for (Map.Entry<String, String> error : ERRORS.entrySet()) {
      if (applies(route, error.getKey())) {
        responses.addAPIResponse(
            error.getKey(),
            OASFactory.createAPIResponse()
                .description(error.getValue())
                .content(content(errorType, errorSchema)));
      }
    }
    return responses;
  }

  private static String successStatus(Route route) {
    String path = route.path();
    if (route.method() == HttpMethod.DELETE) {
      return path.equals("/api/v1/tenants/{tenant}") ? "200" : "204";
    }
    if (route.method() == HttpMethod.PUT && path.endsWith("/entitlements/{model}")) {
      return "204";
    }
    boolean creates =
        path.endsWith("/versions")
            || path.equals("/api/v1/tenants")
            || path.endsWith("/api-keys")
            || path.endsWith("/rotate");
    return route.method() == HttpMethod.POST && creates ? "201" : "200";
  }

  /** Which errors a route can answer: those of its access, its body and its upstream. */
  private static boolean applies(Route route, String status) {
    boolean authenticated = route.access() != Access.PUBLIC;
    boolean body = route.body() != BodyKind.NONE;
    return switch (status) {
      case "401", "403" -> authenticated;
      case "408", "413", "415" -> body;
      case "409" -> route.changesState();
      case "422" -> body && (route.digestBody() || route.path().equals("/api/v1/tenants"));
      case "429" -> authenticated || route.upstream() == Upstream.INFERENCE;
      case "502", "504" -> route.upstream() != Upstream.NONE;
      default -> true; // 400, 404, 405, 414, 500, 503
    };
  }

  static Content content(String type, Schema schema) {
    return OASFactory.createContent()
        .addMediaType(type, OASFactory.createMediaType().schema(schema));
  }

  private static Parameter parameter(String name, boolean inPath) {
    return OASFactory.createParameter()
        .name(name)
        .in(inPath ? Parameter.In.PATH : Parameter.In.QUERY)
        .required(inPath)
        .description(describe(name))
        .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
  }

  private static String describe(String name) {
    return switch (name) {
      case "model" -> "A model name: 2-63 lower-case letters, digits and dashes";
      case "version" -> "A version number, or the alias production or staging";
      case "tenant" -> "A tenant id";
      case "page" -> "Page number, from 0";
      case "size" -> "Items per page, 1 to 200 (50 by default)";
      case "owner" -> "any (default), mine or platform";
      case "q" -> "Text the model's name contains";
      default -> name;
    };
  }

  private static Map<String, String> errors() {
    Map<String, String> errors = new LinkedHashMap<>();
    errors.put("400", "Malformed request: bad JSON, a key given twice, a value of the wrong shape");
    errors.put("401", "No valid bearer token; WWW-Authenticate says why (error_description)");
    errors.put("403", "The caller's roles do not allow this action, or the tenant is not active");
    errors.put("404", "No such resource, or one the caller's tenant may not see");
    errors.put("405", "The resource does not take this method (Allow lists those it takes)");
    errors.put("408", "The request body did not arrive in time");
    errors.put("409", "The resource's state does not allow the change; the detail says why");
    errors.put("413", "The request body is over the route's limit");
    errors.put("414", "The request URI is over 8 KiB");
    errors.put("415", "Wrong media type, or a compressed body");
    errors.put("422", "Input the model cannot take: each problem named, never the value");
    errors.put("429", "The tenant's share of the model is in use; Retry-After says when");
    errors.put("500", "An unexpected error; the request id finds it in the logs");
    errors.put("502", "An internal service failed");
    errors.put("503", "Overloaded, or the audit store unavailable; Retry-After says when");
    errors.put("504", "An internal service did not answer in time");
    return errors;
  }
}
