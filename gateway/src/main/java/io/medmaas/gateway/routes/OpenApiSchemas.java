package io.medmaas.gateway.routes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.RequestBody;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/** The request and response schemas of the OpenAPI document, with examples. */
final class OpenApiSchemas {

  private static final String REF = "#/components/schemas/";

  /** One instance of the demo model diabetes-progression, as its example request has it. */
  private static final Map<String, Object> DIABETES_INSTANCE = diabetesInstance();

  private OpenApiSchemas() {}

  static Map<String, Schema> all() {
    Map<String, Schema> schemas = new LinkedHashMap<>();
    schemas.put(
        "Problem",
        object("An error, RFC 9457; never a stack trace or a value the caller sent")
            .addProperty("type", string("A URI naming the kind of problem"))
            .addProperty("title", string("The kind of problem, for people"))
            .addProperty("status", integer("The HTTP status"))
            .addProperty("detail", string("What was wrong and what to do"))
            .addProperty("requestId", string("The request's id, as in X-Request-Id"))
            .addProperty("errors", array(string("One problem of the input, by place and rule"))));
    schemas.put(
        "OipError",
        object("An Open Inference Protocol error").addProperty("error", string("What was wrong")));
    schemas.put(
        "PredictRequest",
        object("Instances in the model's own terms, as its card describes them")
            .addProperty(
                "instances",
                array(object("One instance: named features, visits, pixels or a PNG")).maxItems(64))
            .addProperty("explain", bool("Explain each prediction (at most 16 instances)"))
            .addProperty("explainBudget", integer("Model evaluations per explained instance"))
            .addProperty("seed", integer("Seed of the explanation's sampling"))
            .addRequired("instances")
            .example(Map.of("instances", List.of(DIABETES_INSTANCE))));
    schemas.put(
        "PredictionResponse",
        object("The predictions, one per instance, in order")
            .addProperty("model", string("The model"))
            .addProperty("version", string("The version that served"))
            .addProperty("requestId", string("The request's id"))
            .addProperty(
                "predictions",
                array(
                    object(
                        "label and probability, value, or score and unusual; explanation when asked"))));
    schemas.put(
        "StageChange",
        object("A version's next stage")
            .addProperty(
                "stage",
                string("staging, production (a hospital admin) or archived")
                    .enumeration(List.of("staging", "production", "archived")))
            .addProperty("override", bool("Promote unverified metrics (a hospital admin)"))
            .addProperty("reason", string("Why, for the audit log (1-500 printable characters)"))
            .addRequired("stage")
            .example(Map.of("stage", "staging")));
    schemas.put(
        "Upload",
        object("A new version")
            .addProperty("model", string("The ONNX file").format("binary"))
            .addProperty("card", string("The model card (JSON)"))
            .addProperty(
                "validation", string("A labelled validation set (CSV or JSON)").format("binary"))
            .addRequired("model")
            .addRequired("card"));
    schemas.put(
        "InferRequest",
        object("Open Inference Protocol inference request")
            .addProperty("id", string("Echoed in the answer"))
            .addProperty(
                "inputs",
                array(
                    object("A tensor")
                        .addProperty("name", string("The model's input name"))
                        .addProperty("datatype", string("FP32"))
                        .addProperty("shape", array(integer("A dimension")))
                        .addProperty("data", array(number("Row-major values")))))
            .addProperty("outputs", array(object("An output to return, by name")))
            .example(
                Map.of(
                    "id",
                    "1",
                    "inputs",
                    List.of(
                        Map.of(
                            "name",
                            "features",
                            "datatype",
                            "FP32",
                            "shape",
                            List.of(1, 10),
                            "data",
                            List.copyOf(DIABETES_INSTANCE.values()))))));
    schemas.put(
        "InferResponse",
        object("Open Inference Protocol inference response")
            .addProperty("model_name", string("The model"))
            .addProperty("model_version", string("The version that served"))
            .addProperty("id", string("The request's id, if it had one"))
            .addProperty("outputs", array(object("A tensor: name, datatype, shape, data"))));
    schemas.put(
        "Tenant",
        object("A hospital as a platform admin onboards it (PATCH: only the fields sent change)")
            .addProperty("id", string("A stable slug: lower-case letters, digits, hyphens"))
            .addProperty("displayName", string("The hospital's name"))
            .addProperty("contact", string("Whom to contact about this tenant"))
            .addProperty("issuer", string("Its OpenID Connect issuer URL (https)"))
            .addProperty("audiences", array(string("An audience its access tokens may carry")))
            .addProperty("rolesClaim", string("Where its tokens carry role names (dotted path)"))
            .addProperty("roleMapping", object("Its role names onto medmaas's hospital roles"))
            .addProperty("plan", string("trial, standard or enterprise"))
            .example(
                Map.of(
                    "id", "north-ridge",
                    "displayName", "North Ridge Hospital",
                    "contact", "it@north-ridge.example",
                    "issuer", "https://login.north-ridge.example/realms/staff",
                    "audiences", List.of("medmaas-api"),
                    "rolesClaim", "realm_access.roles",
                    "roleMapping", Map.of("physician", "clinician", "it-admin", "hospital-admin"),
                    "plan", "standard")));
    schemas.put(
        "ApiKeyRequest",
        object("A partner's API key to create")
            .addProperty("name", string("What the key is for"))
            .addProperty(
                "scopes", array(string("predict, predict:<model>, models:read or audit:read")))
            .addProperty("expiresAt", string("When it stops working (ISO-8601; at most a year)"))
            .addProperty("models", array(string("The only models it may use (optional)")))
            .addProperty(
                "limits",
                object(
                    "The key's own limits beside its tenant's, the tighter holding (optional):"
                        + " ratePerSecond, burst, dailyInstances, monthlyInstances, maxBatch,"
                        + " maxConcurrent"))
            .addRequired("name")
            .addRequired("scopes")
            .addRequired("expiresAt")
            .example(
                Map.of(
                    "name",
                    "lab partner",
                    "scopes",
                    List.of("predict:breast-cancer-diagnosis", "models:read"),
                    "expiresAt",
                    "2027-06-30T00:00:00Z",
                    "limits",
                    Map.of("ratePerSecond", 5, "burst", 10, "dailyInstances", 5000))));
    schemas.put(
        "KeyLimits",
        object(
                "A key's own limits, replacing its old ones ({} for none: its tenant's only);"
                    + " each absent field: no limit of the key's own of that kind")
            .addProperty("ratePerSecond", number("Requests per second (token bucket)"))
            .addProperty("burst", integer("The most requests at once (default: a second's worth)"))
            .addProperty("dailyInstances", integer("Predicted instances per UTC day"))
            .addProperty("monthlyInstances", integer("Predicted instances per UTC month"))
            .addProperty("maxBatch", integer("The most instances in one request (1-64)"))
            .addProperty("maxConcurrent", integer("The most requests under way at once"))
            .example(Map.of("ratePerSecond", 2, "burst", 4, "maxConcurrent", 2)));
    schemas.put(
        "Rotation",
        object("How long the old key keeps working beside the new one")
            .addProperty("overlapSeconds", integer("Default one day, at most seven"))
            .example(Map.of("overlapSeconds", 3600)));
    schemas.put(
        "QuotaChange",
        object("A new plan and/or overrides (replacing the old ones; {} drops them all)")
            .addProperty("plan", string("trial, standard or enterprise"))
            .addProperty(
                "overrides",
                object(
                    "ratePerSecond, burst, dailyInstances, monthlyInstances, maxBatch,"
                        + " maxConcurrent; absent: the plan's"))
            .example(
                Map.of(
                    "plan",
                    "standard",
                    "overrides",
                    Map.of("ratePerSecond", 20, "burst", 40, "maxConcurrent", 8))));
    schemas.put("Resource", object("The resource, as the registry or tenant-admin shows it"));
    return schemas;
  }

  static Optional<RequestBody> requestBody(Route route) {
    return switch (route.body()) {
      case NONE -> Optional.empty();
      case MULTIPART -> Optional.of(body("multipart/form-data", "Upload"));
      case TENSORS ->
          Optional.of(
              body("application/json", "InferRequest")
                  .description(
                      "JSON tensors, or application/octet-stream binary tensors with the"
                          + " Inference-Header-Content-Length header"));
      case JSON -> Optional.of(body("application/json", jsonSchema(route.path())));
    };
  }

  private static String jsonSchema(String path) {
    if (path.endsWith("/stage")) {
      return "StageChange";
    }
    if (path.endsWith("/limits")) {
      return "KeyLimits";
    }
    if (path.endsWith("/rotate")) {
      return "Rotation";
    }
    if (path.endsWith("/api-keys")) {
      return "ApiKeyRequest";
    }
    if (path.endsWith("/quota")) {
      return "QuotaChange";
    }
    if (path.startsWith("/api/v1/tenants")) {
      return "Tenant";
    }
    return "PredictRequest";
  }

  static APIResponse success(Route route, String status) {
    APIResponse response = OASFactory.createAPIResponse();
    if (status.equals("204")) {
      return response.description("Done; no content");
    }
    String schema =
        route.path().endsWith("/predict")
            ? "PredictionResponse"
            : route.path().endsWith("/infer") ? "InferResponse" : "Resource";
    String type =
        route.path().endsWith("/artifact") ? "application/octet-stream" : "application/json";
    return response
        .description(status.equals("201") ? "Created" : "OK")
        .content(RoutesOpenApi.content(type, OASFactory.createSchema().ref(REF + schema)));
  }

  private static RequestBody body(String type, String schema) {
    return OASFactory.createRequestBody()
        .required(true)
        .content(RoutesOpenApi.content(type, OASFactory.createSchema().ref(REF + schema)));
  }

  private static Schema object(String description) {
    return OASFactory.createSchema().addType(SchemaType.OBJECT).description(description);
  }

  private static Schema array(Schema items) {
    return OASFactory.createSchema().addType(SchemaType.ARRAY).items(items);
  }

  private static Schema string(String description) {
    return OASFactory.createSchema().addType(SchemaType.STRING).description(description);
  }

  private static Schema integer(String description) {
    return OASFactory.createSchema().addType(SchemaType.INTEGER).description(description);
  }

  private static Schema number(String description) {
    return OASFactory.createSchema().addType(SchemaType.NUMBER).description(description);
  }

  private static Schema bool(String description) {
    return OASFactory.createSchema().addType(SchemaType.BOOLEAN).description(description);
  }

  private static Map<String, Object> diabetesInstance() {
    Map<String, Object> instance = new LinkedHashMap<>();
    instance.put("age", 39);
    instance.put("sex", 2);
    instance.put("bmi", 26.3);
    instance.put("bp", 115);
    instance.put("tc", 218);
    instance.put("ldl", 158.2);
    instance.put("hdl", 32);
    instance.put("tch", 7);
    instance.put("ltg", 4.9345);
    instance.put("glu", 109);
    return instance;
  }
}
