-- Tamper evidence (ADR 0014): every audit record becomes a link of its chain, one chain per tenant
-- and one for the records of no tenant (chain ''). A linked record holds its place (chain_seq, from
-- 1, without gaps), the hash of the record before it (prev_hash; 64 zeros for the first) and its
-- own hash: SHA-256 over its canonical form (registry.audit_canonical, written down in the ADR),
-- which covers prev_hash, so changing, removing or inserting a record breaks every link after it.
--
-- Records are linked by the database itself, just after they commit, by one linker at a time
-- (registry.audit_link_pending, which the registry calls a few times a second and before every
-- verification, head or export): writers never wait on a chain, so no tenant's appends wait on
-- another's, and no writer can choose, fork or skip a link.

DO $$
BEGIN
    IF (SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database())
            <> 'UTF8' THEN
        RAISE EXCEPTION 'the audit chains need a UTF8 database (their form counts UTF-8 bytes)';
    END IF;
END
$$;

CREATE TABLE audit_chain_head (
    chain      TEXT PRIMARY KEY,
    seq        BIGINT      NOT NULL,
    last_hash  TEXT        NOT NULL,
    last_id    BIGINT,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- the registry reads the heads of the chains its scope may see; the linker (the schema's owner)
-- moves every chain's head
ALTER TABLE audit_chain_head ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_chain_head FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_chain_head_linker ON audit_chain_head TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY audit_chain_head_read ON audit_chain_head FOR SELECT TO medmaas_registry_app
    USING (registry.row_scope() = '*'
           OR (chain <> '' AND chain = registry.row_scope())
           OR (chain = '' AND registry.row_scope() = 'platform'));
GRANT SELECT ON audit_chain_head TO medmaas_registry_app;

ALTER TABLE audit_event ADD COLUMN chain     TEXT;
ALTER TABLE audit_event ADD COLUMN chain_seq BIGINT;
ALTER TABLE audit_event ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_event ADD COLUMN hash      TEXT;
CREATE UNIQUE INDEX audit_event_chain_link ON audit_event (chain, chain_seq);
CREATE INDEX audit_event_unlinked ON audit_event (id) WHERE chain_seq IS NULL;

-- What the canonical form can write exactly: instants of years 2000 to 9999, and a tenant that is
-- either none or a real id (never '', which would read as the chain of no tenant).
ALTER TABLE audit_event ADD CONSTRAINT audit_event_canonical CHECK (
        occurred_at >= '2000-01-01T00:00:00Z' AND occurred_at < '9999-01-01T00:00:00Z'
    AND (tenant_id IS NULL OR tenant_id <> '')) NOT VALID;

-- Writers name the record's content, nothing more: not its id, not when it was recorded (the
-- database's clock), not its link.
REVOKE INSERT ON audit_event FROM medmaas_audit_writer, medmaas_registry_app, medmaas_tenancy_app;
GRANT INSERT (kind, occurred_at, request_id, tenant_id, subject, username, client_id, token_id,
              client_address, action, model, model_version, outcome, problem_type, latency_ms,
              input_digest, before_state, after_state, instances)
    ON audit_event TO medmaas_audit_writer, medmaas_registry_app, medmaas_tenancy_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event
    FROM medmaas_registry_app, medmaas_audit_writer, medmaas_tenancy_app;

CREATE FUNCTION audit_received() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.recorded_at := now();
    NEW.chain := NULL;
    NEW.chain_seq := NULL;
    NEW.prev_hash := NULL;
    NEW.hash := NULL;
    RETURN NEW;
END;
$$;
CREATE TRIGGER audit_event_received BEFORE INSERT ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_received();

-- One field of the canonical form: name=~ for none, else name=<UTF-8 length>:<value>, then \n.
CREATE FUNCTION audit_field(name text, value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT name || '=' || CASE WHEN value IS NULL THEN '~'
                               ELSE octet_length(value)::text || ':' || value END || E'\n'
$$;

CREATE FUNCTION audit_instant(t timestamptz) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- The canonical form of a record, version 1 (ADR 0014): a first line, then every field in this
-- order. Numbers in decimal, instants in UTC with microseconds.
CREATE FUNCTION audit_canonical(e audit_event) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT 'medmaas-audit-v1' || E'\n'
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
$$;

CREATE FUNCTION audit_hash(e audit_event) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT encode(sha256(convert_to(registry.audit_canonical(e), 'UTF8')), 'hex')
$$;

-- Append-only, with one exception: the linker (the table's owner) sets the link of a record that
-- has none, and changes nothing else. Every other UPDATE, and every DELETE, is refused (TRUNCATE
-- is refused by V7's trigger).
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL
       AND current_user::regrole = (SELECT relowner::regrole FROM pg_class WHERE oid = TG_RELID)
       AND (NEW.id, NEW.kind, NEW.occurred_at, NEW.recorded_at, NEW.request_id, NEW.tenant_id,
            NEW.subject, NEW.username, NEW.client_id, NEW.token_id, NEW.client_address,
            NEW.action, NEW.model, NEW.model_version, NEW.outcome, NEW.problem_type,
            NEW.latency_ms, NEW.input_digest, NEW.before_state, NEW.after_state, NEW.instances)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.kind, OLD.occurred_at, OLD.recorded_at, OLD.request_id, OLD.tenant_id,
            OLD.subject, OLD.username, OLD.client_id, OLD.token_id, OLD.client_address,
            OLD.action, OLD.model, OLD.model_version, OLD.outcome, OLD.problem_type,
            OLD.latency_ms, OLD.input_digest, OLD.before_state, OLD.after_state, OLD.instances)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only';
END;
$$;

-- The linker reads and links every record, whatever scope is set (its own policies).
CREATE POLICY audit_event_linker_reads ON audit_event FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY audit_event_linker_links ON audit_event FOR UPDATE TO CURRENT_USER
    USING (chain_seq IS NULL) WITH CHECK (chain_seq IS NOT NULL);

-- Links up to max_rows committed records that have no link yet, in id order, each to the end of
-- its chain. One linker at a time (an advisory lock): with wait, a caller waits for the one at work
-- (so it sees every record committed before it); without, it links nothing and returns 0. Returns
-- how many it linked.
CREATE FUNCTION audit_link_pending(max_rows integer, wait boolean DEFAULT false) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, registry AS $$
DECLARE
    r registry.audit_event;
    head registry.audit_chain_head;
    linked integer := 0;
BEGIN
    IF wait THEN
        PERFORM pg_advisory_xact_lock(hashtext('medmaas.audit.linker'));
    ELSIF NOT pg_try_advisory_xact_lock(hashtext('medmaas.audit.linker')) THEN
        RETURN 0;
    END IF;
    FOR r IN SELECT * FROM registry.audit_event WHERE chain_seq IS NULL ORDER BY id LIMIT max_rows
    LOOP
        r.chain := coalesce(r.tenant_id, '');
        SELECT * INTO head FROM registry.audit_chain_head WHERE chain = r.chain;
        IF NOT FOUND THEN
            INSERT INTO registry.audit_chain_head (chain, seq, last_hash)
                VALUES (r.chain, 0, repeat('0', 64)) RETURNING * INTO head;
        END IF;
        r.chain_seq := head.seq + 1;
        r.prev_hash := head.last_hash;
        r.hash := registry.audit_hash(r);
        UPDATE registry.audit_event
            SET chain = r.chain, chain_seq = r.chain_seq, prev_hash = r.prev_hash, hash = r.hash
            WHERE id = r.id;
        UPDATE registry.audit_chain_head
            SET seq = r.chain_seq, last_hash = r.hash, last_id = r.id, updated_at = now()
            WHERE chain = r.chain;
        linked := linked + 1;
    END LOOP;
    RETURN linked;
END;
$$;
REVOKE EXECUTE ON FUNCTION audit_link_pending(integer, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_link_pending(integer, boolean) TO medmaas_registry_app;

-- Signed heads (ADR 0014): each head the platform signs (on demand, and periodically for every
-- chain that moved) is kept here, append-only, so the heads handed out can be shown again and a
-- purge can anchor the first record it keeps. Only through keep_signed_head, which takes a head
-- only if it is a place and hash the chain really has, for a chain the caller's scope may see.
CREATE TABLE audit_signed_head (
    id        BIGSERIAL PRIMARY KEY,
    chain     TEXT        NOT NULL,
    seq       BIGINT      NOT NULL,
    hash      TEXT        NOT NULL,
    signed_at TIMESTAMPTZ NOT NULL,
    key_id    TEXT        NOT NULL,
    jws       TEXT        NOT NULL CHECK (length(jws) <= 4096)
);
CREATE INDEX audit_signed_head_latest ON audit_signed_head (chain, seq DESC, id DESC);
ALTER TABLE audit_signed_head ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_signed_head FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_signed_head_keeper ON audit_signed_head TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY audit_signed_head_read ON audit_signed_head FOR SELECT TO medmaas_registry_app
    USING (registry.row_scope() = '*'
           OR (chain <> '' AND chain = registry.row_scope())
           OR (chain = '' AND registry.row_scope() = 'platform'));
GRANT SELECT ON audit_signed_head TO medmaas_registry_app;
CREATE FUNCTION audit_signed_head_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_signed_head is append-only';
END;
$$;
CREATE TRIGGER audit_signed_head_no_change BEFORE UPDATE OR DELETE ON audit_signed_head
    FOR EACH ROW EXECUTE FUNCTION audit_signed_head_append_only();
CREATE TRIGGER audit_signed_head_no_truncate BEFORE TRUNCATE ON audit_signed_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_signed_head_append_only();

CREATE FUNCTION keep_signed_head(c text, s bigint, h text, at timestamptz, kid text, token text)
    RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, registry AS $$
BEGIN
    IF NOT (registry.row_scope() = '*'
            OR (c <> '' AND c = registry.row_scope())
            OR (c = '' AND registry.row_scope() = 'platform')) THEN
        RAISE EXCEPTION 'not a chain of this scope';
    END IF;
    IF NOT ((s = 0 AND h = repeat('0', 64))
            OR EXISTS (SELECT 1 FROM registry.audit_event
                       WHERE chain = c AND chain_seq = s AND hash = h)) THEN
        RAISE EXCEPTION 'not a place and hash of the chain';
    END IF;
    INSERT INTO registry.audit_signed_head (chain, seq, hash, signed_at, key_id, jws)
        VALUES (c, s, h, at, kid, token);
END;
$$;
REVOKE EXECUTE ON FUNCTION keep_signed_head(text, bigint, text, timestamptz, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION keep_signed_head(text, bigint, text, timestamptz, text, text)
    TO medmaas_registry_app;

-- The records written before this migration become the start of their chains, in id order. The
-- V4 bounds (not validated for older rows) would refuse an older row's link: they step aside for
-- this once and come back as they were.
ALTER TABLE audit_event DROP CONSTRAINT audit_event_bounded;
SELECT audit_link_pending(2147483647);
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
