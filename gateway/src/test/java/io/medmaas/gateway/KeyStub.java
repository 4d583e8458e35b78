package io.medmaas.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.medmaas.common.apikey.ApiKeyFormat;
import java.time.Instant;
import java.util.Base64;

/** A partner's key as tenant-admin's directory would give it to the gateway, stubbed. */
final class KeyStub {

  /** The tests' current key-hash key (the gateway's test profile holds it). */
  static final byte[] HASH_KEY =
      Base64.getDecoder().decode("dGVzdC1vbmx5LWFwaS1rZXktaGFzaC1rZXktbm90LWEtc2VjcmV0LTAxMjM=");

  String id = ApiKeyFormat.newKeyId();
  String secret = ApiKeyFormat.newSecret();
  String tenant = "aurora-general";
  String scopes = "[\"predict\"]";
  String models = "null";
  boolean revoked;
  Instant expires = Instant.now().plusSeconds(3600);
  String limits = "null";
  String lineage;
  byte[] hashKey = HASH_KEY;

  KeyStub limits(String json) {
    limits = json;
    return this;
  }

  KeyStub lineage(String firstKey) {
    lineage = firstKey;
    return this;
  }

  /** Stubs the directory's answer for this key; the whole key, to send in X-API-Key. */
  String stub(WireMockServer server) {
    server.stubFor(
        get(urlEqualTo("/auth/tenant-admin/internal/directory/api-keys/" + id))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\""
                            + id
                            + "\",\"tenant\":\""
                            + tenant
                            + "\",\"scopes\":"
                            + scopes
                            + ",\"models\":"
                            + models
                            + ",\"secretHash\":\""
                            + ApiKeyFormat.hash(hashKey, secret)
                            + "\",\"hashKeyId\":\""
                            + ApiKeyFormat.hashKeyId(hashKey)
                            + "\",\"expiresAt\":\""
                            + expires
                            + "\",\"revoked\":"
                            + revoked
                            + ",\"limits\":"
                            + limits
                            + (lineage == null ? "" : ",\"lineage\":\"" + lineage + "\"")
                            + "}")));
    return ApiKeyFormat.compose(id, secret);
  }
}
