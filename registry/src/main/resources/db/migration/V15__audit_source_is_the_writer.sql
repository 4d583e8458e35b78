-- A record's source is evidence of who wrote it (BALP's AuditEvent.source), so the database holds
-- it to the writer: a service's role may name only its own service (the node part stays the
-- writer's word). A record naming none is in form v1 and an export names the service its kind
-- tells, so leaving it out claims nothing false. A mismatch is refused as a check violation
-- (SQLSTATE 23514), so the gateway's writer fails that record alone. Other roles (the owner, the
-- superuser) are not the services and are not checked here.
CREATE OR REPLACE FUNCTION audit_received() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    writer text := CASE current_user::text
        WHEN 'medmaas_gateway' THEN 'gateway'
        WHEN 'medmaas_registry_app' THEN 'registry'
        WHEN 'medmaas_tenancy_app' THEN 'tenant-admin'
    END;
BEGIN
    IF writer IS NOT NULL AND NEW.source IS NOT NULL
       AND split_part(NEW.source, '@', 1) <> writer THEN
        RAISE EXCEPTION 'an audit record''s source must name the service that writes it'
            USING ERRCODE = '23514';
    END IF;
    NEW.recorded_at := now();
    NEW.chain := NULL;
    NEW.chain_seq := NULL;
    NEW.prev_hash := NULL;
    NEW.hash := NULL;
    RETURN NEW;
END;
$$;
