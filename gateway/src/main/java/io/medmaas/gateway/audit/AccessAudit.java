package io.medmaas.gateway.audit;

import io.medmaas.common.audit.AuditRecord;
import io.medmaas.common.audit.AuditSource;
import io.medmaas.common.naming.Names;
import io.medmaas.gateway.pipeline.Answer;
import io.medmaas.gateway.pipeline.Completion;
import io.medmaas.gateway.pipeline.Exchange;
import io.medmaas.gateway.pipeline.GatewayCaller;
import io.medmaas.gateway.routes.Route;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The access audit: every request through the pipeline, answered or refused at any stage, leaves
 * one access record, durable before the answer leaves. The exceptions are the routes that read
 * nothing the platform holds: public server metadata and health, the public sign-in lookup (an
 * active hospital's issuer; its misses are throttled per address instead) and a caller asking who
 * it is ({@code /api/v1/me}). The record is made from what the stages learnt, in {@link
 * AuditRecord}'s canonical form, so no value the caller controls can fail it.
 */
@ApplicationScoped
public class AccessAudit implements Completion {

  /** The action of a request that matched no route. */
  static final String UNKNOWN = "api.unknown";

  @Inject AuditWriter writer;

  /** Works out this node's name at startup: a name lookup has no place on the event loop. */
  void nameTheNode(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
    AuditSource.local();
  }

  @Override
  public Future<Void> complete(Exchange exchange) {
    Route route = exchange.route();
    if (route != null && !route.audited()) {
      return Future.succeededFuture();
    }
    GatewayCaller caller = exchange.caller();
    return writer.append(
        record(exchange),
        caller != null,
        caller != null && caller.key() != null ? caller.key().meteredAs() : null);
  }

  static AuditRecord record(Exchange exchange) {
    Answer answer = exchange.answer();
    GatewayCaller who = exchange.caller() != null ? exchange.caller() : exchange.refusedCaller();
    String tenant = who != null ? who.tenant() : exchange.namedTenant();
    String version = exchange.servedVersion();
    // the model asked for is named only once a service has shown it to be one (it answered for
    // it, or said which version served): a name the caller made up (a probe, a typo, a patient's
    // name where a model's should be) is caller input and is never kept
    // (a name not of a model's shape is kept as the marker "(invalid)": no byte of it is kept)
    boolean known = version != null || (exchange.forwarded() && answer.status() < 400);
    String askedModel = exchange.match().param("model");
    String askedVersion = exchange.match().param("version");
    String model = known || malformed(askedModel, Names::isModel) ? askedModel : null;
    if (version == null) {
      version = known || malformed(askedVersion, Names::isVersion) ? askedVersion : null;
    }
    AuditRecord.Builder record =
        AuditRecord.access(
                exchange.requestId(),
                exchange.route() == null ? UNKNOWN : exchange.route().action())
            .at(exchange.receivedAt())
            .tenant(tenant)
            .clientAddress(address(exchange.request().remoteAddress()))
            .model(model, version)
            .outcome(answer.status(), answer.problemType())
            .latencyMs((System.nanoTime() - exchange.startNanos()) / 1_000_000)
            .inputDigest(exchange.inputDigest())
            .instances(exchange.instances())
            .source(AuditSource.local());
    if (who != null) {
      record.who(who.subject(), who.username(), who.clientId(), who.tokenId());
    }
    return record.build();
  }

  private static boolean malformed(String value, java.util.function.Predicate<String> shape) {
    return value != null && !shape.test(value);
  }

  private static String address(SocketAddress address) {
    return address == null ? null : address.hostAddress();
  }
}
