package io.medmaas.ui.auth;

import io.medmaas.ui.UiConfig;
import java.time.Duration;
import java.util.Map;

/** The console's settings for a test of one of its parts: a gateway on loopback, Secure cookies. */
final class TestConsoleConfig {

  private TestConsoleConfig() {}

  static UiConfig withGateway(String gatewayUrl) {
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
        return new Session() {
          @Override
          public Duration idleTimeout() {
            return Duration.ofMinutes(15);
          }

          @Override
          public Duration idleWarning() {
            return Duration.ofMinutes(1);
          }

          @Override
          public Duration maxAge() {
            return Duration.ofHours(10);
          }

          @Override
          public int maxSessions() {
            return 10;
          }
        };
      }

      @Override
      public Map<String, Hospital> hospitals() {
        return Map.of();
      }
    };
  }
}
