-- Least privilege (ADR 0011). The service logs in as medmaas_registry_app itself (no SET ROLE to
-- undo), the schema belongs to medmaas_registry_owner, and row-level security is forced, so not
-- even the owner's connections read or change rows outside their scope.
ALTER TABLE model FORCE ROW LEVEL SECURITY;
ALTER TABLE model_version FORCE ROW LEVEL SECURITY;
ALTER TABLE alias_change FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_event FORCE ROW LEVEL SECURITY;

-- The platform tenant's scope ('platform') sees and changes the platform's models only, never a
-- hospital's private ones; '*' (the platform's own work: start-up seeding) sees every model.
CREATE OR REPLACE FUNCTION registry.sees_model(model_owner text, model_name text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT registry.row_scope() = '*'
        OR model_owner = registry.row_scope()
        OR (model_owner = 'platform' AND model_name = ANY (
                string_to_array(coalesce(current_setting('medmaas.entitled', true), ''), ',')))
$$;

CREATE OR REPLACE FUNCTION registry.changes_model(model_owner text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT registry.row_scope() = '*' OR model_owner = registry.row_scope()
$$;
