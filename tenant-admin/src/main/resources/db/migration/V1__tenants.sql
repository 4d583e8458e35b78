-- Hospitals subscribed to the platform and the identity provider each one brings.
CREATE TABLE tenant (
    id           TEXT PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    display_name TEXT        NOT NULL,
    issuer       TEXT        NOT NULL UNIQUE,
    audience     TEXT        NOT NULL,
    status       TEXT        NOT NULL CHECK (status IN ('active', 'suspended')),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
