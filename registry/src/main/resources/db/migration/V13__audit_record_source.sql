-- Which service, on which node, wrote each record (BALP's AuditEvent.source): the writer names
-- itself (service@node, io.medmaas.common.audit.AuditSource). Records written before this column
-- have none.
ALTER TABLE audit_event ADD COLUMN source TEXT;
ALTER TABLE audit_event ADD CONSTRAINT audit_event_source
    CHECK (source IS NULL OR source ~ '^[a-z][a-z0-9-]{0,39}@[A-Za-z0-9.-]{1,63}$') NOT VALID;
GRANT INSERT (source) ON audit_event TO medmaas_audit_writer, medmaas_registry_app, medmaas_tenancy_app;

-- The canonical form (ADR 0014): a record without a source keeps version 1, exactly as it was
-- linked; a record with one is version 2, version 1's fields with the source last. Both forms
-- are in io.medmaas.auditproof.AuditChain for the verifiers.
CREATE OR REPLACE FUNCTION audit_canonical(e audit_event) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN e.source IS NULL THEN 'medmaas-audit-v1' ELSE 'medmaas-audit-v2' END || E'\n'
        || registry.audit_field('chain', e.chain)
        || registry.audit_field('seq', e.chain_seq::text)
        || registry.audit_field('prev', e.prev_hash)
        || registry.audit_field('id', e.id::text)
        || registry.audit_field('kind', e.kind)
        || registry.audit_field('occurred_at', registry.audit_instant(e.occurred_at))
        || registry.audit_field('recorded_at', registry.audit_instant(e.recorded_at))
        || registry.audit_field('request_id', e.request_id)
        || registry.audit_field('tenant_id', e.tenant_id)
        || registry.audit_field('subject', e.subject)
        || registry.audit_field('username', e.username)
        || registry.audit_field('client_id', e.client_id)
        || registry.audit_field('token_id', e.token_id)
        || registry.audit_field('client_address', e.client_address)
        || registry.audit_field('action', e.action)
        || registry.audit_field('model', e.model)
        || registry.audit_field('model_version', e.model_version)
        || registry.audit_field('outcome', e.outcome::text)
        || registry.audit_field('problem_type', e.problem_type)
        || registry.audit_field('latency_ms', e.latency_ms::text)
        || registry.audit_field('input_digest', e.input_digest)
        || registry.audit_field('instances', e.instances::text)
        || registry.audit_field('before_state', e.before_state)
        || registry.audit_field('after_state', e.after_state)
        || CASE WHEN e.source IS NULL THEN '' ELSE registry.audit_field('source', e.source) END
$$;

-- The linker still changes nothing but the link, now the source included.
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_user::regrole = (SELECT relowner::regrole FROM pg_class WHERE oid = TG_RELID) THEN
        IF TG_OP = 'UPDATE'
           AND OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL
           AND (NEW.id, NEW.kind, NEW.occurred_at, NEW.recorded_at, NEW.request_id, NEW.tenant_id,
                NEW.subject, NEW.username, NEW.client_id, NEW.token_id, NEW.client_address,
                NEW.action, NEW.model, NEW.model_version, NEW.outcome, NEW.problem_type,
                NEW.latency_ms, NEW.input_digest, NEW.before_state, NEW.after_state,
                NEW.instances, NEW.source)
               IS NOT DISTINCT FROM
               (OLD.id, OLD.kind, OLD.occurred_at, OLD.recorded_at, OLD.request_id, OLD.tenant_id,
                OLD.subject, OLD.username, OLD.client_id, OLD.token_id, OLD.client_address,
                OLD.action, OLD.model, OLD.model_version, OLD.outcome, OLD.problem_type,
                OLD.latency_ms, OLD.input_digest, OLD.before_state, OLD.after_state,
                OLD.instances, OLD.source)
        THEN
            RETURN NEW;
        END IF;
        IF TG_OP = 'DELETE'
           AND OLD.chain IS NOT NULL
           AND OLD.chain = current_setting('medmaas.audit.purging', true)
           AND OLD.chain_seq < (SELECT max(first_seq) FROM registry.audit_chain_anchor
                                WHERE chain = OLD.chain)
           AND OLD.recorded_at < now() - (SELECT days FROM registry.audit_retention) * interval '1 day'
        THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only';
END;
$$;
