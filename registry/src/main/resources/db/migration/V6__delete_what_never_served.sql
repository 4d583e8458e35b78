-- An owner's admins delete draft versions and models that never reached production (the
-- registry checks the stage; row security checks the owner). Audit records are never deleted.
GRANT DELETE ON model, model_version, alias_change TO medmaas_registry_app;
CREATE POLICY model_remove ON model FOR DELETE USING (registry.changes_model(owner));
CREATE POLICY version_remove ON model_version FOR DELETE
    USING (EXISTS (SELECT 1 FROM registry.model m
                   WHERE m.id = model_id AND registry.changes_model(m.owner)));
CREATE POLICY alias_remove ON alias_change FOR DELETE
    USING (EXISTS (SELECT 1 FROM registry.model m
                   WHERE m.id = model_id AND registry.changes_model(m.owner)));
