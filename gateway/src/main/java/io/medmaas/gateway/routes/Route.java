package io.medmaas.gateway.routes;

import io.medmaas.common.access.Action;
import io.vertx.core.http.HttpMethod;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One public route and where it leads: a method and path template ({@code {model}}, {@code
 * {version}} and {@code {tenant}} are validated names), who may call it, the audit action, the
 * internal route with the same parameters, the body it takes, the query parameters and headers it
 * passes on and the response headers it relays, or the JSON the gateway answers itself (or the
 * local answerer that does), the largest body it takes (1 MiB unless said; 0 for the gateway's own
 * limit, {@code quarkus.http.limits.max-body-size}) and whether it changes what the platform holds.
 * Routes are data: {@link Routes} declares them all. Who may call a route is its {@link Action}'s
 * roles, from the role table in {@code common} that the internal services read too.
 */
public record Route(
    HttpMethod method,
    String path,
    String action,
    Access access,
    Set<String> roles,
    Action permits,
    Upstream upstream,
    Upstream onward,
    String target,
    BodyKind body,
    long maxBody,
    boolean changesState,
    boolean digestBody,
    boolean streamsAnswer,
    List<String> query,
    List<String> forwardedHeaders,
    List<String> relayedHeaders,
    String localAnswer,
    String answerer,
    String summary) {

  /** The path's segments; a {@code {name}} segment is a parameter. */
  public List<String> segments() {
    return Arrays.asList(path.substring(1).split("/", -1));
  }

  /** {@link #maxBody} of a route whose body is clinical input to a model: the prediction limit. */
  public static final long PREDICTION_LIMIT = -1;

  /** The largest body this route takes, given the gateway's own and its prediction limit. */
  public long bodyLimit(long gatewayLimit, long predictionLimit) {
    long own =
        maxBody == 0 ? gatewayLimit : maxBody == PREDICTION_LIMIT ? predictionLimit : maxBody;
    return Math.min(own, gatewayLimit);
  }

  public boolean audited() {
    return access != Access.PUBLIC && access != Access.SELF;
  }

  public static Builder get(String path) {
    return new Builder(HttpMethod.GET, path);
  }

  public static Builder post(String path) {
    return new Builder(HttpMethod.POST, path);
  }

  public static Builder put(String path) {
    return new Builder(HttpMethod.PUT, path);
  }

  public static Builder delete(String path) {
    return new Builder(HttpMethod.DELETE, path);
  }

  public static Builder patch(String path) {
    return new Builder(HttpMethod.PATCH, path);
  }

  /** Declares a route in one chain of calls. */
  public static final class Builder {
    private final HttpMethod method;
    private final String path;
    private String action = "api.call";
    private Access access = Access.AUTHENTICATED;
    private Set<String> roles = Set.of();
    private Action permits;
    private Upstream upstream = Upstream.NONE;
    private Upstream onward = Upstream.NONE;
    private String target;
    private BodyKind body = BodyKind.NONE;
    private long maxBody = 1 << 20;
    private boolean changes;
    private boolean digest;
    private boolean streamed;
    private List<String> query = List.of();
    private List<String> forwarded = List.of();
    private List<String> relayed = List.of();
    private String local;
    private String answerer;
    private String summary = "";

    private Builder(HttpMethod method, String path) {
      this.method = method;
      this.path = path;
    }

    /** What the route does: its audit name and who may call it, from the role table. */
    public Builder action(Action value) {
      action = value.id();
      access = Access.ROLES;
      roles = value.roleIds();
      permits = value;
      return this;
    }

    public Builder anyone() {
      access = Access.PUBLIC;
      return this;
    }

    /** Any authenticated caller, about itself only ({@link Access#SELF}). */
    public Builder aboutTheCaller() {
      access = Access.SELF;
      return this;
    }

    public Builder to(Upstream service, String internalPath) {
      upstream = service;
      target = internalPath;
      return this;
    }

    /**
     * The service the route's service calls in turn, as the caller (the registry scores a
     * validation set on inference; inference fetches what it serves from the registry): the
     * internal token of this route only is for both.
     */
    public Builder onward(Upstream service) {
      onward = service;
      return this;
    }

    public Builder body(BodyKind kind) {
      body = kind;
      return this;
    }

    /** The body is input (clinical data, an artifact): its keyed digest goes in the audit. */
    public Builder digested(BodyKind kind, long maxBytes) {
      body = kind;
      maxBody = maxBytes;
      digest = true;
      return this;
    }

    /** The route changes what the platform holds: repeating it is not harmless. */
    public Builder changing() {
      changes = true;
      return this;
    }

    /**
     * The service's successful answer is passed on as it arrives, never held whole (an export of
     * the audit log); an error answer is read as any other.
     */
    public Builder streamingAnswer() {
      streamed = true;
      return this;
    }

    public Builder query(String... names) {
      query = List.of(names);
      return this;
    }

    public Builder forwarding(String... headers) {
      forwarded = List.of(headers);
      return this;
    }

    public Builder relaying(String... headers) {
      relayed = List.of(headers);
      return this;
    }

    /** The gateway answers this JSON itself (200), with no internal call. */
    public Builder answering(String json) {
      local = json;
      return this;
    }

    /**
     * The gateway answers from what it holds itself: the {@link
     * io.medmaas.gateway.pipeline.LocalAnswerer} of this name, with no internal call.
     */
    public Builder answeredBy(String name) {
      answerer = name;
      return this;
    }

    public Route summary(String value) {
      summary = value;
      return build();
    }

    public Route build() {
      return new Route(
          method, path, action, access, roles, permits, upstream, onward, target, body, maxBody,
          changes, digest, streamed, query, forwarded, relayed, local, answerer, summary);
    }
  }
}
