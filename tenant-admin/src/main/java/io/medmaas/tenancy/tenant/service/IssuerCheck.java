package io.medmaas.tenancy.tenant.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.common.net.PublicAddresses;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks a hospital's identity provider before its tokens are trusted: the issuer is a plain https
 * URL (http only where {@code medmaas.tenants.allow-http-issuers} allows it, as in a local run),
 * its OpenID Connect discovery document names exactly that issuer and a JWKS, and the JWKS holds at
 * least one signing key the gateway can use. Each failure is a 422 that says which step failed and
 * why, without echoing the URL. Fetches follow no redirect, time out after a few seconds and read
 * at most 256 KiB, and go only to public addresses: a host that resolves to a loopback, private,
 * link-local (cloud metadata), shared or multicast address is refused before anything is sent,
 * unless {@code medmaas.tenants.allow-private-issuers} allows it (a local run, whose Keycloak is on
 * loopback), so onboarding cannot be used to probe the platform's own network.
 */
@ApplicationScoped
public class IssuerCheck {

  static final int MAX_DOCUMENT = 256 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Inject ObjectMapper json;

  @ConfigProperty(name = "medmaas.tenants.allow-http-issuers", defaultValue = "false")
  boolean allowHttp;

  @ConfigProperty(name = "medmaas.tenants.allow-private-issuers", defaultValue = "false")
  boolean allowPrivate;

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** The issuer's shape alone: refuses what can never be an acceptable issuer URL. */
  public URI requireWellFormed(String issuer) {
    return parse(issuer, "issuer");
  }

  /** Fetches and checks the discovery document and the key set. */
  public void requireReachable(String issuer) {
    URI uri = requireWellFormed(issuer);
    String base = uri.toString().endsWith("/") ? uri.toString() : uri + "/";
    JsonNode discovery =
        fetch(URI.create(base + ".well-known/openid-configuration"), "discovery document");
    if (!discovery.path("issuer").isTextual() || !discovery.get("issuer").asText().equals(issuer)) {
      throw failed("The discovery document names another issuer than the one given");
    }
    if (!discovery.path("jwks_uri").isTextual()) {
      throw failed("The discovery document has no jwks_uri");
    }
    JsonNode keys = fetch(parse(discovery.get("jwks_uri").asText(), "jwks_uri"), "key set (JWKS)");
    if (!keys.path("keys").isArray() || keys.get("keys").isEmpty()) {
      throw failed("The identity provider's key set (JWKS) holds no key");
    }
    for (JsonNode key : keys.get("keys")) {
      String type = key.path("kty").asText("");
      String use = key.path("use").asText("sig");
      if ((type.equals("RSA") || type.equals("EC")) && use.equals("sig")) {
        return;
      }
    }
    throw failed("The identity provider's key set (JWKS) holds no RSA or EC signing key");
  }

  private URI parse(String value, String what) {
    if (value == null || value.isBlank() || value.length() > 255) {
      throw invalid("The " + what + " must be a URL of at most 255 characters");
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw invalid("The " + what + " is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
      throw invalid(
          "The " + what + " must be an https URL" + (allowHttp ? " (or http, locally)" : ""));
    }
    if (uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw invalid("The " + what + " must have a host and no user, query or fragment");
    }
    return uri;
  }

  private JsonNode fetch(URI uri, String what) {
    requirePublic(uri, what);
    HttpRequest request =
        HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw failed("The identity provider's " + what + " did not arrive within 5 s");
    } catch (IOException e) {
      throw failed("The identity provider's " + what + " could not be fetched (no connection)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed("The identity provider's " + what + " could not be fetched");
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw failed(
            "The identity provider answered HTTP " + response.statusCode() + " for its " + what);
      }
      byte[] bytes = body.readNBytes(MAX_DOCUMENT + 1);
      if (bytes.length > MAX_DOCUMENT) {
        throw failed("The identity provider's " + what + " is larger than 256 KiB");
      }
      JsonNode document = json.readTree(bytes);
      if (document == null || !document.isObject()) {
        throw failed("The identity provider's " + what + " is not a JSON object");
      }
      return document;
    } catch (IOException e) {
      throw failed("The identity provider's " + what + " is not readable JSON");
    }
  }

  /** Refuses a host any of whose addresses is not a public one (before anything is sent). */
  private void requirePublic(URI uri, String what) {
    if (allowPrivate) {
      return;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      throw failed("The identity provider's " + what + " host name could not be resolved");
    }
    for (InetAddress address : addresses) {
      if (!PublicAddresses.isPublic(address)) {
        throw failed(
            "The identity provider's "
                + what
                + " is at a loopback, private or link-local address, which is not allowed");
      }
    }
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ProblemType.INVALID_INPUT, detail);
  }

  private static ProblemException failed(String detail) {
    return new ProblemException(ProblemType.UNPROCESSABLE, detail);
  }
}
