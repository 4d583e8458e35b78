package io.medmaas.ui;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The console's settings ({@code medmaas.ui.*}). */
@ConfigMapping(prefix = "medmaas.ui")
public interface UiConfig {

  /** The gateway's public API: the only service the console calls. */
  String gatewayUrl();

  /** Where browsers reach the console (its sign-in and sign-out addresses are registered so). */
  String publicUrl();

  /**
   * Secret (32 characters or more) that seals the sign-in state (the PKCE verifier) in the
   * browser's short-lived state cookie; from the environment ({@code MEDMAAS_UI_STATE_SECRET}).
   */
  String stateSecret();

  /** Whether cookies are marked Secure; only a local run over plain http turns it off. */
  @WithDefault("true")
  boolean secureCookies();

  Session session();

  /**
   * Sign-in settings by tenant id: {@code platform}, the platform's own staff, with its identity
   * provider's issuer; and, for a hospital, only what tenant-admin does not hold (its people's
   * e-mail domains, another client id). A hospital's provider is always tenant-admin's, asked
   * through the gateway, and only while the hospital is active.
   */
  Map<String, Hospital> hospitals();

  /** Signed-in sessions. */
  interface Session {
    /** Without a request for this long, a session ends (HIPAA 164.312(a)(2)(iii)). */
    @WithDefault("15M")
    Duration idleTimeout();

    /** How long before the idle end the page warns. */
    @WithDefault("1M")
    Duration idleWarning();

    /** A session ends after this long whatever its activity. */
    @WithDefault("10H")
    Duration maxAge();

    /** Sessions this console holds at most; past it the oldest idle ones are ended first. */
    @WithDefault("10000")
    int maxSessions();
  }

  /** One tenant's sign-in settings. */
  interface Hospital {
    /** The platform's identity provider's issuer URL (for a hospital: not set, tenant-admin's). */
    Optional<String> issuer();

    /** The console's client id at that provider (a public client that must use PKCE). */
    @WithDefault("medmaas-console")
    String clientId();

    /** The e-mail domains of its people, so that they can name their hospital by address. */
    Optional<List<String>> emailDomains();
  }
}
