-- tenant-admin runs as medmaas_tenancy_app, which owns nothing (ADR 0011); the login role is
-- provisioned with its password by the platform (./maas up, or the deployment's secrets)
GRANT USAGE ON SCHEMA tenancy TO medmaas_tenancy_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant, entitlement TO medmaas_tenancy_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA tenancy TO medmaas_tenancy_app;
