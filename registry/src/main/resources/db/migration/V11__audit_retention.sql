-- Retention (ADR 0014): records older than the retention period leave the log only through an
-- explicit purge (registry.audit_purge, the platform's work), which removes the oldest records of
-- one chain, a whole prefix of it, and leaves an anchor: where the chain now starts and the hash
-- of the last record removed, with that record's head as the platform signed it just before. The
-- chain stays verifiable from its anchor on; the purge itself is a change record of the chain.

CREATE TABLE audit_chain_anchor (
    chain      TEXT        NOT NULL,
    first_seq  BIGINT      NOT NULL,
    prev_hash  TEXT        NOT NULL,
    purged     BIGINT      NOT NULL,
    purged_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    head_jws   TEXT        NOT NULL CHECK (length(head_jws) <= 4096),
    PRIMARY KEY (chain, first_seq)
);
ALTER TABLE audit_chain_anchor ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_chain_anchor FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_chain_anchor_purger ON audit_chain_anchor TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY audit_chain_anchor_read ON audit_chain_anchor FOR SELECT TO medmaas_registry_app
    USING (registry.row_scope() = '*'
           OR (chain <> '' AND chain = registry.row_scope())
           OR (chain = '' AND registry.row_scope() = 'platform'));
GRANT SELECT ON audit_chain_anchor TO medmaas_registry_app;
CREATE FUNCTION audit_chain_anchor_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_chain_anchor is append-only';
END;
$$;
CREATE TRIGGER audit_chain_anchor_no_change BEFORE UPDATE OR DELETE ON audit_chain_anchor
    FOR EACH ROW EXECUTE FUNCTION audit_chain_anchor_append_only();
CREATE TRIGGER audit_chain_anchor_no_truncate BEFORE TRUNCATE ON audit_chain_anchor
    FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_anchor_append_only();

-- The retention period, in the database itself (its owner alone may change it): no application
-- role can purge a record younger than this, whatever scope it states.
CREATE TABLE audit_retention (
    only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row),
    days     INTEGER NOT NULL CHECK (days >= 365)
);
INSERT INTO audit_retention (days) VALUES (2190);

-- The table's one DELETE: the owner, purging the chain named by the purge in progress, removes
-- records before that chain's latest anchor (which the purge writes first).
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_user::regrole = (SELECT relowner::regrole FROM pg_class WHERE oid = TG_RELID) THEN
        IF TG_OP = 'UPDATE'
           AND OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL
           AND (NEW.id, NEW.kind, NEW.occurred_at, NEW.recorded_at, NEW.request_id, NEW.tenant_id,
                NEW.subject, NEW.username, NEW.client_id, NEW.token_id, NEW.client_address,
                NEW.action, NEW.model, NEW.model_version, NEW.outcome, NEW.problem_type,
                NEW.latency_ms, NEW.input_digest, NEW.before_state, NEW.after_state,
                NEW.instances)
               IS NOT DISTINCT FROM
               (OLD.id, OLD.kind, OLD.occurred_at, OLD.recorded_at, OLD.request_id, OLD.tenant_id,
                OLD.subject, OLD.username, OLD.client_id, OLD.token_id, OLD.client_address,
                OLD.action, OLD.model, OLD.model_version, OLD.outcome, OLD.problem_type,
                OLD.latency_ms, OLD.input_digest, OLD.before_state, OLD.after_state,
                OLD.instances)
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
CREATE POLICY audit_event_purger ON audit_event FOR DELETE TO CURRENT_USER
    USING (chain = current_setting('medmaas.audit.purging', true));

-- The last record a purge of chain c before instant b would remove: the record before the first
-- one recorded (by the database's clock) at or after b, so every record removed is older than b,
-- and b itself at least the retention period ago.
CREATE FUNCTION audit_purge_point(c text, b timestamptz, OUT last_seq bigint, OUT last_hash text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, registry AS $$
DECLARE
    first_kept bigint;
BEGIN
    IF registry.row_scope() <> '*' THEN
        RAISE EXCEPTION 'a purge is the platform''s work';
    END IF;
    IF b > now() - (SELECT days FROM registry.audit_retention) * interval '1 day' THEN
        RAISE EXCEPTION 'records younger than the retention period are kept';
    END IF;
    SELECT min(chain_seq) INTO first_kept FROM registry.audit_event
        WHERE chain = c AND chain_seq IS NOT NULL AND recorded_at >= b;
    IF first_kept IS NULL THEN
        SELECT max(chain_seq) INTO last_seq FROM registry.audit_event WHERE chain = c;
    ELSE
        last_seq := first_kept - 1;
    END IF;
    IF last_seq IS NULL
       OR last_seq < (SELECT coalesce(max(first_seq), 1) FROM registry.audit_chain_anchor
                      WHERE chain = c) THEN
        last_seq := NULL;
        RETURN;
    END IF;
    SELECT hash INTO last_hash FROM registry.audit_event WHERE chain = c AND chain_seq = last_seq;
END;
$$;

-- Removes chain c's records before instant b: exactly those up to place s (whose hash is h, and
-- whose head, signed as a purge anchor, the caller kept), after writing the anchor. Linking and
-- walks of the chain wait meanwhile. Returns how many records it removed.
CREATE FUNCTION audit_purge(c text, b timestamptz, s bigint, h text, head_jws text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, registry AS $$
DECLARE
    point record;
    removed bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('medmaas.audit.linker'));
    SELECT * INTO point FROM registry.audit_purge_point(c, b);
    IF point.last_seq IS DISTINCT FROM s OR point.last_hash IS DISTINCT FROM h THEN
        RAISE EXCEPTION 'not the purge point of the chain before that instant';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM registry.audit_signed_head
                   WHERE chain = c AND seq = s AND hash = h AND jws = head_jws) THEN
        RAISE EXCEPTION 'the anchor''s head was not kept';
    END IF;
    SELECT count(*) INTO removed FROM registry.audit_event WHERE chain = c AND chain_seq <= s;
    INSERT INTO registry.audit_chain_anchor (chain, first_seq, prev_hash, purged, head_jws)
        VALUES (c, s + 1, h, removed, head_jws);
    PERFORM set_config('medmaas.audit.purging', c, true);
    DELETE FROM registry.audit_event WHERE chain = c AND chain_seq <= s;
    PERFORM set_config('medmaas.audit.purging', '', true);
    RETURN removed;
END;
$$;
REVOKE EXECUTE ON FUNCTION audit_purge_point(text, timestamptz) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION audit_purge(text, timestamptz, bigint, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_purge_point(text, timestamptz) TO medmaas_registry_app;
GRANT EXECUTE ON FUNCTION audit_purge(text, timestamptz, bigint, text, text) TO medmaas_registry_app;
