-- A tenant's validation set is patient data (held-out cases with their outcomes): kept encrypted
-- like its artifacts (V12), AES-256-GCM under the key validation_key_id names, with its nonce;
-- the associated data is the version's id, so a sealed set cannot be moved to another version.
-- validation_key_id NULL: stored plain (the platform's demo sets).
ALTER TABLE model_version ADD COLUMN validation_key_id TEXT;
ALTER TABLE model_version ADD COLUMN validation_nonce BYTEA;
ALTER TABLE model_version ADD CONSTRAINT model_version_validation_sealed_whole
    CHECK ((validation_key_id IS NULL) = (validation_nonce IS NULL)
           AND (validation_nonce IS NULL OR length(validation_nonce) = 12)
           AND (validation_key_id IS NULL OR validation_set IS NOT NULL));
