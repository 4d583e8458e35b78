package io.medmaas.ui.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.medmaas.ui.UiConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's lookup of a hospital through the gateway (a stub on loopback): an active hospital's
 * provider, none for a 404, nothing kept from a failure, the answer kept, and an answer that is not
 * about the hospital asked, or names no https provider, refused.
 */
class HospitalDirectoryTest {

  private HttpServer gateway;
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final AtomicInteger asked = new AtomicInteger();
  private HospitalDirectory directory;

  @BeforeEach
  void start() throws Exception {
    gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    gateway.createContext(
        "/api/v1/sign-in/",
        exchange -> {
          asked.incrementAndGet();
          String id = exchange.getRequestURI().getPath().substring("/api/v1/sign-in/".length());
          String body = answers.get(id);
          int status = body == null ? 404 : body.equals("fail") ? 503 : 200;
          byte[] bytes =
              (body == null || status != 200 ? "{}" : body).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    gateway.start();
    directory = new HospitalDirectory();
    directory.config = config("http://127.0.0.1:" + gateway.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    gateway.stop(0);
  }

  @Test
  void anActiveHospitalsProviderIsFoundOnceAndKept() {
    answers.put(
        "cedar-valley",
        "{\"tenant\":\"cedar-valley\",\"issuer\":\"https://login.cedar.example/realms/staff\","
            + "\"rolesClaim\":\"groups\"}");
    Optional<Hospital> cedar = directory.lookup("cedar-valley");
    assertEquals(
        Optional.of(
            new Hospital("https://login.cedar.example/realms/staff", "medmaas-console", "groups")),
        cedar);
    assertTrue(directory.known("cedar-valley"));
    assertEquals(cedar, directory.lookup("cedar-valley"));
    assertEquals(1, asked.get(), "the second lookup was answered from what was kept");
  }

  @Test
  void unknownFailedAndUnusableAnswersGiveNoHospital() {
    assertEquals(Optional.empty(), directory.lookup("no-such-hospital"));
    assertTrue(directory.known("no-such-hospital"), "a 404 is kept a little while");
    answers.put("broken", "fail");
    assertEquals(Optional.empty(), directory.lookup("broken"));
    assertTrue(!directory.known("broken"), "a failure is not kept: asked again next time");
    // an answer about another hospital, or a provider that is not https, is not used
    answers.put(
        "north-ridge", "{\"tenant\":\"aurora-general\",\"issuer\":\"https://login.example/a\"}");
    assertEquals(Optional.empty(), directory.lookup("north-ridge"));
    answers.put(
        "west-end", "{\"tenant\":\"west-end\",\"issuer\":\"http://login.example/realms/w\"}");
    assertEquals(Optional.empty(), directory.lookup("west-end"));
  }

  private static UiConfig config(String gatewayUrl) {
    return new UiConfig() {
      @Override
      public String gatewayUrl() {
        return gatewayUrl;
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
      public Map<String, Hospital> hospitals() {
        return Map.of();
      }
    };
  }
}
