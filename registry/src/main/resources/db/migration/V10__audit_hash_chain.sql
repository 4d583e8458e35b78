-- Tamper evidence (ADR 0014): every audit record is a link of its chain, one chain per tenant and
-- one for the records of no tenant (chain ''). A record holds its place in the chain (chain_seq,
-- from 1, without gaps), the hash of the record before it (prev_hash; 64 zeros for the first) and
-- its own hash: SHA-256 over its canonical form (registry.audit_canonical, written down in the
-- ADR), which covers prev_hash, so changing, removing or inserting a record breaks every link
-- after it. The links are made by the database, in the inserting transaction, under a row lock on
-- the chain's head: whoever writes (each gateway replica, the registry, tenant-admin) cannot fork a
-- chain or choose a link, and appends to one chain are serialised until they commit.

CREATE TABLE audit_chain_head (
    chain      TEXT PRIMARY KEY,
    seq        BIGINT      NOT NULL,
    last_hash  TEXT        NOT NULL,
    last_id    BIGINT,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- the registry reads heads (to sign and export them) for the chains its scope may see; the
-- linking trigger runs as the schema's owner, which moves every chain's head
ALTER TABLE audit_chain_head ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_chain_head FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_chain_head_link ON audit_chain_head TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY audit_chain_head_read ON audit_chain_head FOR SELECT TO medmaas_registry_app
    USING (registry.row_scope() = '*'
           OR chain = registry.row_scope()
           OR (chain = '' AND registry.row_scope() = 'platform'));
GRANT SELECT ON audit_chain_head TO medmaas_registry_app;

ALTER TABLE audit_event ADD COLUMN chain     TEXT;
ALTER TABLE audit_event ADD COLUMN chain_seq BIGINT;
ALTER TABLE audit_event ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_event ADD COLUMN hash      TEXT;

-- One field of the canonical form: name=~ for none, else name=<UTF-8 length>:<value>, then \n.
CREATE FUNCTION audit_field(name text, value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT name || '=' || CASE WHEN value IS NULL THEN '~'
                               ELSE octet_length(value)::text || ':' || value END || E'\n'
$$;

CREATE FUNCTION audit_instant(t timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- The canonical form of a record, version 1 (ADR 0014): a first line, then every field in this
-- order. Numbers in decimal, instants in UTC with microseconds.
CREATE FUNCTION audit_canonical(e audit_event) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
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
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT encode(sha256(convert_to(registry.audit_canonical(e), 'UTF8')), 'hex')
$$;

-- Links a new record to its chain: whatever the writer sent for the link columns is replaced.
-- Runs as the schema's owner (the writers have no right on the heads), and holds the head's row
-- lock until the inserting transaction ends, so one chain's appends follow one another.
CREATE FUNCTION audit_event_link() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, registry AS $$
DECLARE
    head registry.audit_chain_head;
BEGIN
    NEW.chain := coalesce(NEW.tenant_id, '');
    SELECT * INTO head FROM registry.audit_chain_head WHERE chain = NEW.chain FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO registry.audit_chain_head (chain, seq, last_hash)
            VALUES (NEW.chain, 0, repeat('0', 64)) ON CONFLICT (chain) DO NOTHING;
        SELECT * INTO head FROM registry.audit_chain_head WHERE chain = NEW.chain FOR UPDATE;
    END IF;
    NEW.chain_seq := head.seq + 1;
    NEW.prev_hash := head.last_hash;
    NEW.hash := registry.audit_hash(NEW);
    UPDATE registry.audit_chain_head
        SET seq = NEW.chain_seq, last_hash = NEW.hash, last_id = NEW.id, updated_at = now()
        WHERE chain = NEW.chain;
    RETURN NEW;
END;
$$;

-- The records written before this migration become the start of their chains, in id order.
ALTER TABLE audit_event NO FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_or_delete;
DO $$
DECLARE
    r registry.audit_event;
    prev text;
    seq bigint;
    current_chain text := NULL;
BEGIN
    FOR r IN SELECT * FROM registry.audit_event ORDER BY coalesce(tenant_id, ''), id LOOP
        IF current_chain IS DISTINCT FROM coalesce(r.tenant_id, '') THEN
            IF current_chain IS NOT NULL THEN
                INSERT INTO registry.audit_chain_head (chain, seq, last_hash) VALUES (current_chain, seq, prev);
            END IF;
            current_chain := coalesce(r.tenant_id, '');
            prev := repeat('0', 64);
            seq := 0;
        END IF;
        seq := seq + 1;
        r.chain := current_chain;
        r.chain_seq := seq;
        r.prev_hash := prev;
        prev := registry.audit_hash(r);
        UPDATE registry.audit_event
            SET chain = r.chain, chain_seq = r.chain_seq, prev_hash = r.prev_hash, hash = prev
            WHERE id = r.id;
    END LOOP;
    IF current_chain IS NOT NULL THEN
        INSERT INTO registry.audit_chain_head (chain, seq, last_hash) VALUES (current_chain, seq, prev);
    END IF;
END
$$;
ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_or_delete;
ALTER TABLE audit_event FORCE ROW LEVEL SECURITY;

ALTER TABLE audit_event ALTER COLUMN chain SET NOT NULL;
ALTER TABLE audit_event ALTER COLUMN chain_seq SET NOT NULL;
ALTER TABLE audit_event ALTER COLUMN prev_hash SET NOT NULL;
ALTER TABLE audit_event ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX audit_event_chain_link ON audit_event (chain, chain_seq);

CREATE TRIGGER audit_event_link BEFORE INSERT ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_link();

-- Append-only, all the way: no UPDATE or DELETE (the trigger of V1) nor TRUNCATE (V7's), and no
-- application role holds a right to any of them.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event
    FROM medmaas_registry_app, medmaas_audit_writer, medmaas_tenancy_app;

-- Signed heads (ADR 0014): each time the platform signs a chain's head (on demand, and
-- periodically for every chain that moved), the signature is kept here, append-only, so the heads
-- handed out can be shown again and a purge can anchor the first record it keeps.
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
CREATE POLICY audit_signed_head_read ON audit_signed_head FOR SELECT TO medmaas_registry_app
    USING (registry.row_scope() = '*'
           OR chain = registry.row_scope()
           OR (chain = '' AND registry.row_scope() = 'platform'));
CREATE POLICY audit_signed_head_append ON audit_signed_head FOR INSERT TO medmaas_registry_app
    WITH CHECK (registry.row_scope() = '*'
                OR chain = registry.row_scope()
                OR (chain = '' AND registry.row_scope() = 'platform'));
GRANT SELECT, INSERT ON audit_signed_head TO medmaas_registry_app;
GRANT USAGE ON SEQUENCE audit_signed_head_id_seq TO medmaas_registry_app;
CREATE FUNCTION audit_signed_head_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_signed_head is append-only';
END;
$$;
CREATE TRIGGER audit_signed_head_no_change BEFORE UPDATE OR DELETE ON audit_signed_head
    FOR EACH ROW EXECUTE FUNCTION audit_signed_head_append_only();
CREATE TRIGGER audit_signed_head_no_truncate BEFORE TRUNCATE ON audit_signed_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_signed_head_append_only();
