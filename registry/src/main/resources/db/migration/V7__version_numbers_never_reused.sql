-- A version number names one artifact forever, even after its draft was deleted: the highest
-- number ever issued is kept with the model. (Row security is forced: this data migration states
-- the platform's own scope for its transaction.)
SELECT set_config('medmaas.tenant', '*', true);
ALTER TABLE model ADD COLUMN last_version INTEGER NOT NULL DEFAULT 0;
UPDATE model m SET last_version = coalesce(
    (SELECT max(v.version::integer) FROM model_version v
     WHERE v.model_id = m.id AND v.version ~ '^[0-9]{1,9}$'), 0);

-- TRUNCATE skips row security and row triggers: the audit log refuses it outright.
CREATE FUNCTION registry.refuse_audit_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit records are never removed';
END
$$;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION registry.refuse_audit_truncate();
