-- API keys for partners (ADR 0012). The secret is never stored: only its HMAC-SHA-256 under the
-- platform's key-hash key (named by hash_key_id, so that key can rotate), checked after a lookup
-- by the key's public id. A rotated key keeps working until its (shortened) expiry: the overlap.
CREATE TABLE api_key (
    id           TEXT        PRIMARY KEY CHECK (id ~ '^[0-9A-Za-z]{12}$'),
    tenant_id    TEXT        NOT NULL REFERENCES tenant (id),
    name         TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    scopes       TEXT[]      NOT NULL CHECK (cardinality(scopes) BETWEEN 1 AND 16),
    models       TEXT[]      CHECK (models IS NULL OR cardinality(models) BETWEEN 1 AND 64),
    secret_hash  TEXT        NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
    hash_key_id  TEXT        NOT NULL CHECK (length(hash_key_id) BETWEEN 1 AND 64),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by   TEXT        NOT NULL CHECK (length(created_by) <= 255),
    expires_at   TIMESTAMPTZ NOT NULL,
    revoked_at   TIMESTAMPTZ,
    rotated_to   TEXT        REFERENCES api_key (id),
    last_used_at TIMESTAMPTZ
);
CREATE INDEX api_key_by_tenant ON api_key (tenant_id, created_at DESC);

-- Row-level security, forced, with the tenant set per transaction (as in the registry, ADR 0007):
--   medmaas.tenant  the tenant whose rows the transaction may touch; '*' for the platform's own
--                   work (the gateway's key look-ups); unset or '' touches nothing
CREATE FUNCTION tenancy.row_scope() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('medmaas.tenant', true), '')
$$;
ALTER TABLE api_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_key FORCE ROW LEVEL SECURITY;
CREATE POLICY api_key_of_the_tenant ON api_key
    USING (tenancy.row_scope() = '*' OR tenant_id = tenancy.row_scope())
    WITH CHECK (tenancy.row_scope() = '*' OR tenant_id = tenancy.row_scope());

GRANT SELECT, INSERT, UPDATE ON api_key TO medmaas_tenancy_app;
