-- Quotas (ADR 0013): a tenant's plan gives its default limits; a platform admin may override any of
-- them per tenant. NULL: the plan's value.
CREATE TABLE quota_override (
    tenant_id         TEXT PRIMARY KEY REFERENCES tenant (id),
    rate_per_second   DOUBLE PRECISION CHECK (rate_per_second > 0 AND rate_per_second <= 100000),
    burst             INTEGER CHECK (burst BETWEEN 1 AND 1000000),
    daily_instances   BIGINT  CHECK (daily_instances >= 0),
    monthly_instances BIGINT  CHECK (monthly_instances >= 0),
    max_batch         INTEGER CHECK (max_batch BETWEEN 1 AND 64),
    max_concurrent    INTEGER CHECK (max_concurrent BETWEEN 1 AND 100000),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
ALTER TABLE quota_override ENABLE ROW LEVEL SECURITY;
ALTER TABLE quota_override FORCE ROW LEVEL SECURITY;
CREATE POLICY quota_override_of_the_tenant ON quota_override
    USING (tenancy.row_scope() = '*' OR tenant_id = tenancy.row_scope())
    WITH CHECK (tenancy.row_scope() = '*' OR tenant_id = tenancy.row_scope());
GRANT SELECT, INSERT, UPDATE ON quota_override TO medmaas_tenancy_app;

-- The request-rate buckets every gateway replica draws from: one row per tenant, holding the
-- tokens left when it was last drawn from. A gateway leases a few tokens at a time in one atomic
-- statement, so replicas together never accept more than the bucket holds. Only the gateway's
-- role touches it, for every tenant (the platform's work): a policy for that role alone.
CREATE TABLE rate_bucket (
    tenant_id  TEXT PRIMARY KEY CHECK (tenant_id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    tokens     DOUBLE PRECISION NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
ALTER TABLE rate_bucket ENABLE ROW LEVEL SECURITY;
ALTER TABLE rate_bucket FORCE ROW LEVEL SECURITY;
CREATE POLICY rate_bucket_for_the_gateway ON rate_bucket TO medmaas_gateway USING (true) WITH CHECK (true);
GRANT USAGE ON SCHEMA tenancy TO medmaas_gateway;
GRANT SELECT, INSERT, UPDATE ON rate_bucket TO medmaas_gateway;
