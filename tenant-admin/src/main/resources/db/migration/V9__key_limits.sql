-- A partner's key may have limits of its own (issue 11), within which it is held beside its
-- tenant's: whichever is tighter holds. NULL: only the tenant's limit.
ALTER TABLE api_key
    ADD COLUMN rate_per_second   DOUBLE PRECISION CHECK (rate_per_second > 0 AND rate_per_second <= 100000),
    ADD COLUMN burst             INTEGER CHECK (burst BETWEEN 1 AND 1000000),
    ADD COLUMN daily_instances   BIGINT  CHECK (daily_instances >= 0),
    ADD COLUMN monthly_instances BIGINT  CHECK (monthly_instances >= 0),
    ADD COLUMN max_batch         INTEGER CHECK (max_batch BETWEEN 1 AND 64),
    ADD COLUMN max_concurrent    INTEGER CHECK (max_concurrent BETWEEN 1 AND 100000),
    -- the first key of a chain of rotations: a key and its successors share one bucket, one count
    -- of requests under way and one count of instances, so a rotation renews no allowance.
    -- NULL: the key is the first of its chain.
    ADD COLUMN lineage_id        TEXT CHECK (lineage_id ~ '^[0-9A-Za-z]{12}$');

-- Keys' own rate buckets and predicted instances, beside their tenants' (rate_bucket, usage_day,
-- which keep their shape, so gateways of the previous release go on working while new ones roll
-- out). key_id is the key's lineage. Only the gateway's role touches them, for every tenant.
CREATE TABLE key_rate_bucket (
    tenant_id  TEXT NOT NULL CHECK (tenant_id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    key_id     TEXT NOT NULL CHECK (key_id ~ '^[0-9A-Za-z]{12}$'),
    tokens     DOUBLE PRECISION NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, key_id)
);
ALTER TABLE key_rate_bucket ENABLE ROW LEVEL SECURITY;
ALTER TABLE key_rate_bucket FORCE ROW LEVEL SECURITY;
CREATE POLICY key_rate_bucket_for_the_gateway ON key_rate_bucket TO medmaas_gateway USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON key_rate_bucket TO medmaas_gateway;

CREATE TABLE key_usage_day (
    tenant_id TEXT   NOT NULL CHECK (tenant_id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    key_id    TEXT   NOT NULL CHECK (key_id ~ '^[0-9A-Za-z]{12}$'),
    day       DATE   NOT NULL,
    writer    TEXT   NOT NULL CHECK (length(writer) BETWEEN 1 AND 64),
    instances BIGINT NOT NULL CHECK (instances >= 0),
    PRIMARY KEY (tenant_id, key_id, day, writer)
);
ALTER TABLE key_usage_day ENABLE ROW LEVEL SECURITY;
ALTER TABLE key_usage_day FORCE ROW LEVEL SECURITY;
CREATE POLICY key_usage_day_for_the_gateway ON key_usage_day TO medmaas_gateway USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON key_usage_day TO medmaas_gateway;
