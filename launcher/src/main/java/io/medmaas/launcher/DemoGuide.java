package io.medmaas.launcher;

/** What {@code ./maas up} prints once everything is healthy. */
final class DemoGuide {

  private DemoGuide() {}

  static String text(StackConfig c) {
    String gateway = c.url(c.gatewayPort());
    return """

        ================================================================
         medmaas is running (local demo: not for clinical use)
        ================================================================
         API gateway (the only door)  %s
           OpenAPI                    %s/q/openapi
         Web console                  %s
         Keycloak (admin / admin)     %s
         Internal services (loopback, internal token only):
           registry %s  inference %s  tenant-admin %s
         PostgreSQL                   %s (each service its own role; passwords in .maas/keys)
         Logs                         %s

         Demo users (password for all: %s, demo only)
           realm aurora-general : dr.ada (clinician), admin.aurora (hospital-admin),
                                  auditor.aurora (auditor), pub.aurora (model-publisher)
           realm cedar-valley   : dr.ben (clinician), admin.cedar (hospital-admin)
           realm medmaas        : platform.admin (platform-admin), platform.auditor (auditor)

         Try it:
           TOKEN=$(./maas token aurora-general dr.ada)
           curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
             -d @models/breast-cancer-diagnosis/1/example-request.json \\
             %s/api/v1/models/breast-cancer-diagnosis/predict
           AUDIT=$(./maas token aurora-general auditor.aurora)
           curl -s -H "Authorization: Bearer $AUDIT" %s/api/v1/audit-events
        ================================================================
        """
        .formatted(
            gateway,
            gateway,
            c.url(c.uiPort()),
            c.keycloakUrl(),
            c.url(c.registryPort()),
            c.url(c.inferencePort()),
            c.url(c.tenantAdminPort()),
            c.jdbcUrl(),
            c.logs(),
            DemoTokens.DEMO_PASSWORD,
            gateway,
            gateway);
  }
}
