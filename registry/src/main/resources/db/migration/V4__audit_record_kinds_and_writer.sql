-- The audit record's full form (ADR 0003): access records (one per request through the gateway,
-- request_id unique) and change records (a service's change, pointing at the request that made
-- it), with who the caller was, from where, and the problem type of a refusal.
-- The gateway appends access records itself through medmaas_audit_writer, a role that may only
-- INSERT into this table (ADR 0008); the registry keeps the schema, the queries and the change
-- records, written in the same transaction as the change.

ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_or_delete;

ALTER TABLE audit_event ADD COLUMN kind TEXT NOT NULL DEFAULT 'access'
    CHECK (kind IN ('access', 'change'));
-- rows written before this migration: the registry's change records are those with a state
UPDATE audit_event SET kind = 'change' WHERE before_state IS NOT NULL OR after_state IS NOT NULL;
ALTER TABLE audit_event ALTER COLUMN kind DROP DEFAULT;

ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_or_delete;

ALTER TABLE audit_event ADD COLUMN username       TEXT;
ALTER TABLE audit_event ADD COLUMN client_id      TEXT;
ALTER TABLE audit_event ADD COLUMN token_id       TEXT;
ALTER TABLE audit_event ADD COLUMN client_address TEXT;
ALTER TABLE audit_event ADD COLUMN problem_type   TEXT;

-- The shapes AuditRecord guarantees, enforced once more by the database for new rows.
ALTER TABLE audit_event ADD CONSTRAINT audit_event_bounded CHECK (
        length(request_id) BETWEEN 8 AND 64
    AND length(action) <= 64
    AND coalesce(length(tenant_id), 0) <= 63
    AND coalesce(length(subject), 0) <= 255
    AND coalesce(length(username), 0) <= 255
    AND coalesce(length(client_id), 0) <= 255
    AND coalesce(length(token_id), 0) <= 255
    AND coalesce(length(client_address), 0) <= 45
    AND coalesce(length(model), 0) <= 63
    AND coalesce(length(model_version), 0) <= 10
    AND coalesce(length(problem_type), 0) <= 41
    AND coalesce(length(before_state), 0) <= 2000
    AND coalesce(length(after_state), 0) <= 2000
    AND outcome BETWEEN 100 AND 599
    AND latency_ms >= 0) NOT VALID;

-- One access record per request; change records point at theirs.
CREATE UNIQUE INDEX audit_event_access_request ON audit_event (request_id) WHERE kind = 'access';
CREATE INDEX audit_event_change_request ON audit_event (request_id) WHERE kind = 'change';

-- The records of failed authentications with no known tenant, for the platform's auditors.
CREATE INDEX audit_event_tenantless ON audit_event (occurred_at DESC, id DESC) WHERE tenant_id IS NULL;

-- The gateway's writer: INSERT of access records, nothing else (no SELECT, UPDATE, DELETE).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'medmaas_audit_writer') THEN
        CREATE ROLE medmaas_audit_writer NOLOGIN NOSUPERUSER NOBYPASSRLS;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA registry TO medmaas_audit_writer;
GRANT INSERT ON audit_event TO medmaas_audit_writer;
GRANT USAGE ON SEQUENCE audit_event_id_seq TO medmaas_audit_writer;
CREATE POLICY audit_writer_append ON audit_event FOR INSERT TO medmaas_audit_writer
    WITH CHECK (kind = 'access');

-- The registry writes change records only, for the tenant of its transaction's row scope.
DROP POLICY audit_append ON audit_event;
CREATE POLICY audit_change_append ON audit_event FOR INSERT TO medmaas_registry_app
    WITH CHECK (kind = 'change'
                AND (registry.row_scope() = '*' OR tenant_id = registry.row_scope()));

-- A hospital reads its own records; the platform's auditors also read the tenantless ones.
DROP POLICY audit_read ON audit_event;
CREATE POLICY audit_read ON audit_event FOR SELECT TO medmaas_registry_app
    USING (registry.row_scope() = '*'
           OR tenant_id = registry.row_scope()
           OR (tenant_id IS NULL AND registry.row_scope() = 'platform'));
