-- Row-level security under the service code (defence in depth, see docs/adr/0007): the registry's
-- pooled connections act as medmaas_registry_app, which owns nothing and bypasses nothing, and
-- every transaction states whose rows it may touch in two settings:
--   medmaas.tenant    the caller's tenant id; '*' for the platform's own work (startup seeding, the
--                     gateway's audit batches); unset or '' sees and changes nothing
--   medmaas.entitled  the platform models the caller's tenant is entitled to, comma-separated
-- Migrations run as the owner (Flyway's own connection), which RLS does not restrict.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'medmaas_registry_app') THEN
        CREATE ROLE medmaas_registry_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
    END IF;
END
$$;
-- the login role must be allowed to SET ROLE (a superuser may already)
GRANT medmaas_registry_app TO CURRENT_USER;

GRANT USAGE ON SCHEMA registry TO medmaas_registry_app;
GRANT SELECT, INSERT, UPDATE ON model, model_version, alias_change TO medmaas_registry_app;
GRANT SELECT, INSERT ON audit_event TO medmaas_registry_app;
-- Artifacts are content-addressed bytes shared by every version that has them (the same file
-- uploaded by two hospitals is stored once); who may read one is decided by the version rows that
-- reference it, which RLS protects, so the table itself carries no policy.
GRANT SELECT, INSERT ON artifact TO medmaas_registry_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA registry TO medmaas_registry_app;

CREATE FUNCTION registry.row_scope() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('medmaas.tenant', true), '')
$$;

-- The platform's work and the platform tenant see every model; a hospital sees its own and the
-- platform models it is entitled to.
CREATE FUNCTION registry.sees_model(model_owner text, model_name text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT registry.row_scope() IN ('*', 'platform')
        OR model_owner = registry.row_scope()
        OR (model_owner = 'platform' AND model_name = ANY (
                string_to_array(coalesce(current_setting('medmaas.entitled', true), ''), ',')))
$$;

-- Only the owner (or the platform) changes a model.
CREATE FUNCTION registry.changes_model(model_owner text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT registry.row_scope() IN ('*', 'platform') OR model_owner = registry.row_scope()
$$;

ALTER TABLE model ENABLE ROW LEVEL SECURITY;
CREATE POLICY model_read ON model FOR SELECT USING (registry.sees_model(owner, name));
CREATE POLICY model_add ON model FOR INSERT WITH CHECK (registry.changes_model(owner));
CREATE POLICY model_change ON model FOR UPDATE
    USING (registry.changes_model(owner)) WITH CHECK (registry.changes_model(owner));

-- Versions and alias moves follow their model (the subquery is itself filtered by model_read).
ALTER TABLE model_version ENABLE ROW LEVEL SECURITY;
CREATE POLICY version_read ON model_version FOR SELECT
    USING (EXISTS (SELECT 1 FROM registry.model m WHERE m.id = model_id));
CREATE POLICY version_add ON model_version FOR INSERT
    WITH CHECK (EXISTS (SELECT 1 FROM registry.model m
                        WHERE m.id = model_id AND registry.changes_model(m.owner)));
CREATE POLICY version_change ON model_version FOR UPDATE
    USING (EXISTS (SELECT 1 FROM registry.model m
                   WHERE m.id = model_id AND registry.changes_model(m.owner)));

ALTER TABLE alias_change ENABLE ROW LEVEL SECURITY;
CREATE POLICY alias_read ON alias_change FOR SELECT
    USING (EXISTS (SELECT 1 FROM registry.model m WHERE m.id = model_id));
CREATE POLICY alias_add ON alias_change FOR INSERT
    WITH CHECK (EXISTS (SELECT 1 FROM registry.model m
                        WHERE m.id = model_id AND registry.changes_model(m.owner)));

-- A tenant reads and writes only its own audit records; the platform's work (the gateway's batches
-- of access records, which span tenants) writes any.
ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_read ON audit_event FOR SELECT
    USING (registry.row_scope() = '*' OR tenant_id = registry.row_scope());
CREATE POLICY audit_append ON audit_event FOR INSERT
    WITH CHECK (registry.row_scope() = '*' OR tenant_id = registry.row_scope());
