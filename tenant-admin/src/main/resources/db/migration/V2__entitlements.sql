-- Which platform models each tenant may see and use. A tenant's own models need no entitlement.
CREATE TABLE entitlement (
    tenant_id  TEXT        NOT NULL REFERENCES tenant (id),
    model      TEXT        NOT NULL CHECK (model ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    granted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, model)
);
