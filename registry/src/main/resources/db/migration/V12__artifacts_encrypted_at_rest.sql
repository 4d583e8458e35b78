-- Tenants' model artifacts (weights can encode patient data) are kept encrypted (AES-256-GCM) under
-- the key medmaas.artifacts.encryption-key names (key_id), with the nonce of each; the content's
-- address (sha256, of the plain bytes) is the cipher's associated data, so a sealed artifact cannot
-- be passed off under another address. key_id NULL: stored plain (the platform's demo models).
ALTER TABLE artifact ADD COLUMN key_id TEXT;
ALTER TABLE artifact ADD COLUMN nonce BYTEA;
ALTER TABLE artifact ADD CONSTRAINT artifact_sealed_whole
    CHECK ((key_id IS NULL) = (nonce IS NULL) AND (nonce IS NULL OR length(nonce) = 12));
