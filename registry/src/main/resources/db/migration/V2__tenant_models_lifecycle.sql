-- A model name is unique per owner: a hospital's "sepsis" and another's never collide, and a
-- name taken by one tenant reveals nothing to another.
ALTER TABLE model DROP CONSTRAINT model_name_key;
ALTER TABLE model ADD CONSTRAINT model_owner_name_key UNIQUE (owner, name);
ALTER TABLE model ADD CONSTRAINT model_name_format CHECK (name ~ '^[a-z0-9][a-z0-9-]{1,62}$');

-- Aliases: which version serves as production and staging (null: none).
ALTER TABLE model ADD COLUMN production_version TEXT;
ALTER TABLE model ADD COLUMN staging_version TEXT;
UPDATE model m SET production_version = (
    SELECT v.version FROM model_version v
    WHERE v.model_id = m.id AND v.stage = 'production'
    ORDER BY v.created_at DESC, v.id DESC LIMIT 1);

-- Every alias move, so that rollback knows the previous production version.
CREATE TABLE alias_change (
    id            BIGSERIAL PRIMARY KEY,
    model_id      BIGINT      NOT NULL REFERENCES model (id),
    alias         TEXT        NOT NULL CHECK (alias IN ('production', 'staging')),
    from_version  TEXT,
    to_version    TEXT,
    changed_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    changed_by    TEXT        NOT NULL
);
CREATE INDEX alias_change_by_model ON alias_change (model_id, alias, id DESC);

-- Change records (who changed what, from what, to what) in the same append-only log.
ALTER TABLE audit_event ADD COLUMN before_state TEXT;
ALTER TABLE audit_event ADD COLUMN after_state TEXT;

-- The labelled validation set a publisher attached to a version, kept for metric verification.
ALTER TABLE model_version ADD COLUMN validation_set BYTEA;
ALTER TABLE model_version ADD COLUMN validation_media_type TEXT;

-- Inputs and outputs as ONNX Runtime derived them from the file in the upload's trial load.
ALTER TABLE model_version ADD COLUMN signature JSONB;

-- Metrics the platform measured on the attached validation set, next to the card's claims.
ALTER TABLE model_version ADD COLUMN verification JSONB;
