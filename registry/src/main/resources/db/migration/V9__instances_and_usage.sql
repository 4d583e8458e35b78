-- Usage is metered from the audit log itself (ADR 0013): each access record of a prediction says
-- how many instances its answer held, so the metered count and the audited count are one count.
ALTER TABLE audit_event ADD COLUMN instances INTEGER CHECK (instances IS NULL OR instances >= 0);
CREATE INDEX audit_event_predictions ON audit_event (tenant_id, occurred_at)
    WHERE kind = 'access' AND action = 'model.predict';
