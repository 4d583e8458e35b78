package io.medmaas.common.audit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Who writes an audit record: this service and the node it runs on, {@code service@node} (for
 * example {@code gateway@medmaas-gateway-7d9f-x2k4}), what a FHIR export gives as the event's
 * source. The service is the application's name less its {@code medmaas-} prefix; the node is the
 * {@code HOSTNAME} variable (a pod's name on Kubernetes) or the host's name, reduced to the
 * characters a host name may have.
 */
public final class AuditSource {

  private static volatile String local;

  private AuditSource() {}

  /** This process's source, worked out once. */
  public static String local() {
    String value = local;
    if (value == null) {
      value = of(service(), node());
      local = value;
    }
    return value;
  }

  /** A source of {@code service} on {@code node}, each reduced to what a source may hold. */
  static String of(String service, String node) {
    String s = service.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    if (s.startsWith("medmaas-") && s.length() > "medmaas-".length()) {
      s = s.substring("medmaas-".length());
    }
    if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
      s = "service" + s;
    }
    s = s.substring(0, Math.min(s.length(), 40));
    String n = node == null ? "" : node.replaceAll("[^A-Za-z0-9.-]", "-");
    n = n.isEmpty() ? "unknown" : n.substring(0, Math.min(n.length(), 63));
    return s + "@" + n;
  }

  private static String service() {
    try {
      return ConfigProvider.getConfig()
          .getOptionalValue("quarkus.application.name", String.class)
          .orElse("medmaas");
    } catch (IllegalStateException noConfig) {
      return "medmaas";
    }
  }

  private static String node() {
    String host = System.getenv("HOSTNAME");
    if (host != null && !host.isBlank()) {
      return host;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
