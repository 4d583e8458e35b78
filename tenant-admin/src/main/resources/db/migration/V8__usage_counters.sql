-- Each tenant's predicted instances per UTC day, for the gateways' daily and monthly quotas
-- (ADR 0013). A gateway adds to it in the very statement that appends its access records, so
-- the counters move with the audit log; the usage API reads the audit log itself. Each gateway
-- process writes rows of its own (writer), so replicas never wait on each other's row locks and
-- an audit batch never waits on another gateway. Only the gateway's role touches it.
CREATE TABLE usage_day (
    tenant_id TEXT   NOT NULL CHECK (tenant_id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    day       DATE   NOT NULL,
    writer    TEXT   NOT NULL CHECK (length(writer) BETWEEN 1 AND 64),
    instances BIGINT NOT NULL CHECK (instances >= 0),
    PRIMARY KEY (tenant_id, day, writer)
);
ALTER TABLE usage_day ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_day FORCE ROW LEVEL SECURITY;
CREATE POLICY usage_day_for_the_gateway ON usage_day TO medmaas_gateway USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON usage_day TO medmaas_gateway;
