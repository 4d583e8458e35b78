-- A partner's key may have limits of its own (issue 11), within which it is held beside its
-- tenant's: whichever is tighter holds. NULL: only the tenant's limit.
ALTER TABLE api_key
    ADD COLUMN rate_per_second   DOUBLE PRECISION CHECK (rate_per_second > 0 AND rate_per_second <= 100000),
    ADD COLUMN burst             INTEGER CHECK (burst BETWEEN 1 AND 1000000),
    ADD COLUMN daily_instances   BIGINT  CHECK (daily_instances >= 0),
    ADD COLUMN monthly_instances BIGINT  CHECK (monthly_instances >= 0),
    ADD COLUMN max_batch         INTEGER CHECK (max_batch BETWEEN 1 AND 64),
    ADD COLUMN max_concurrent    INTEGER CHECK (max_concurrent BETWEEN 1 AND 100000);

-- A key's rate bucket and its predicted instances sit beside its tenant's: key_id '' is the
-- tenant's own row, any other the key's (whose instances count towards the tenant's too).
ALTER TABLE rate_bucket
    ADD COLUMN key_id TEXT NOT NULL DEFAULT '' CHECK (key_id = '' OR key_id ~ '^[0-9A-Za-z]{12}$');
ALTER TABLE rate_bucket DROP CONSTRAINT rate_bucket_pkey, ADD PRIMARY KEY (tenant_id, key_id);

ALTER TABLE usage_day
    ADD COLUMN key_id TEXT NOT NULL DEFAULT '' CHECK (key_id = '' OR key_id ~ '^[0-9A-Za-z]{12}$');
ALTER TABLE usage_day DROP CONSTRAINT usage_day_pkey, ADD PRIMARY KEY (tenant_id, day, writer, key_id);
