-- The database roles of medmaas (ADR 0011), made once by PostgreSQL's administrator before the
-- first install, with the passwords of the chart's database Secret:
--
--   psql "host=... dbname=medmaas user=<admin>" -v ON_ERROR_STOP=1 \
--     -v registry_owner="$(kubectl get secret medmaas-database -o jsonpath='{.data.registry-owner}' | base64 -d)" \
--     ... (one -v per role: registry_owner registry_app tenancy_owner tenancy_app events gateway,
--     and -v dbname=medmaas)
--     -f helm/medmaas/files/database-roles.sql
--
-- Running it again sets the passwords again and changes nothing else. None of the roles is a
-- superuser or bypasses row-level security; the services run as the *_app roles, which own
-- nothing; only the migrations (the init containers) log in as the *_owner roles.

SELECT format('CREATE ROLE %I %s', r, CASE WHEN r = 'medmaas_audit_writer' THEN 'NOLOGIN' ELSE 'LOGIN' END)
FROM unnest(ARRAY['medmaas_registry_owner', 'medmaas_registry_app', 'medmaas_tenancy_owner',
                  'medmaas_tenancy_app', 'medmaas_events', 'medmaas_gateway',
                  'medmaas_audit_writer']) AS r
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) \gexec

-- (the attributes are CREATE ROLE's defaults: no superuser, no row-security bypass, no role or
-- database creation; managed services such as RDS refuse to restate them, so they are checked
-- at the end instead)
ALTER ROLE medmaas_registry_owner PASSWORD :'registry_owner';
ALTER ROLE medmaas_registry_app PASSWORD :'registry_app';
ALTER ROLE medmaas_tenancy_owner PASSWORD :'tenancy_owner';
ALTER ROLE medmaas_tenancy_app PASSWORD :'tenancy_app';
ALTER ROLE medmaas_events PASSWORD :'events';
ALTER ROLE medmaas_gateway PASSWORD :'gateway';

-- the gateway appends access records, and nothing else, through this group
GRANT medmaas_audit_writer TO medmaas_gateway;
-- the registry's migrations grant its app role's rights, which needs the admin option
GRANT medmaas_registry_app TO medmaas_registry_owner WITH ADMIN OPTION;
-- each owner creates its own schema at its first migration
GRANT CREATE ON DATABASE :"dbname" TO medmaas_registry_owner, medmaas_tenancy_owner;

-- none of them may be a superuser, bypass row-level security or make roles and databases
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname LIKE 'medmaas\_%'
             AND (rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb)) THEN
    RAISE EXCEPTION 'a medmaas role has a privilege it must not have (superuser, bypassrls, createrole or createdb)';
  END IF;
END $$;
