-- Content-addressed artifact store: one row per distinct ONNX file.
CREATE TABLE artifact (
    sha256      VARCHAR(64) PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes  BIGINT      NOT NULL,
    content     BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE model (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT        NOT NULL UNIQUE,
    -- 'platform' for the platform catalog, otherwise the owning tenant's id
    owner       TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE model_version (
    id          BIGSERIAL PRIMARY KEY,
    model_id    BIGINT      NOT NULL REFERENCES model (id),
    version     TEXT        NOT NULL,
    stage       TEXT        NOT NULL CHECK (stage IN ('draft', 'staging', 'production', 'archived')),
    sha256      VARCHAR(64) NOT NULL REFERENCES artifact (sha256),
    card        JSONB       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (model_id, version)
);

-- Append-only access log: who did what to which model, when, with what outcome.
-- input_digest is a keyed HMAC of the request body: never the body itself.
CREATE TABLE audit_event (
    id            BIGSERIAL PRIMARY KEY,
    occurred_at   TIMESTAMPTZ NOT NULL,
    recorded_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    request_id    TEXT        NOT NULL,
    tenant_id     TEXT,
    subject       TEXT,
    action        TEXT        NOT NULL,
    model         TEXT,
    model_version TEXT,
    outcome       INTEGER     NOT NULL,
    latency_ms    INTEGER     NOT NULL,
    input_digest  TEXT
);

CREATE INDEX audit_event_by_tenant ON audit_event (tenant_id, occurred_at DESC, id DESC);

-- Audit records are never changed or removed by the application.
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only';
END;
$$;

CREATE TRIGGER audit_event_no_update_or_delete
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
