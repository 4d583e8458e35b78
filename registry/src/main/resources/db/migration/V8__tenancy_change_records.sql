-- tenant-admin records its changes (tenants, entitlements, keys, quotas) as change records of the
-- one audit log, in the same transaction as the change (a change without its record cannot
-- commit). Its role may append change records of tenant actions here, and nothing else: no
-- SELECT, no access records, no other action.
GRANT USAGE ON SCHEMA registry TO medmaas_tenancy_app;
GRANT INSERT ON audit_event TO medmaas_tenancy_app;
GRANT USAGE ON SEQUENCE audit_event_id_seq TO medmaas_tenancy_app;
CREATE POLICY audit_tenancy_change_append ON audit_event FOR INSERT TO medmaas_tenancy_app
    WITH CHECK (kind = 'change' AND action LIKE 'tenant.%');
