-- The control plane: what a platform admin sets when onboarding a hospital (contact, the audiences
-- its tokens may carry, the claim its roles travel in, its plan), and deletion that keeps the row:
-- a deleted tenant's id stays taken for the audit retention period, so no other hospital can
-- appear under it in the audit log.
ALTER TABLE tenant ADD COLUMN contact TEXT CHECK (length(contact) <= 200);

ALTER TABLE tenant ADD COLUMN audiences TEXT[];
UPDATE tenant SET audiences = ARRAY[audience];
ALTER TABLE tenant ALTER COLUMN audiences SET NOT NULL;
ALTER TABLE tenant ADD CONSTRAINT tenant_audiences_count CHECK (cardinality(audiences) BETWEEN 1 AND 8);
ALTER TABLE tenant DROP COLUMN audience;

-- a claim name, or a path of up to four names into nested objects (Keycloak: realm_access.roles)
ALTER TABLE tenant ADD COLUMN roles_claim TEXT NOT NULL DEFAULT 'realm_access.roles'
    CHECK (roles_claim ~ '^[A-Za-z0-9_:-]{1,64}(\.[A-Za-z0-9_:-]{1,64}){0,3}$');

ALTER TABLE tenant ADD COLUMN plan TEXT NOT NULL DEFAULT 'standard'
    CHECK (plan IN ('trial', 'standard', 'enterprise'));

ALTER TABLE tenant ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();
ALTER TABLE tenant ADD COLUMN deleted_at TIMESTAMPTZ;

ALTER TABLE tenant DROP CONSTRAINT tenant_status_check;
ALTER TABLE tenant ADD CONSTRAINT tenant_status_check
    CHECK (status IN ('active', 'suspended', 'deleted'));
ALTER TABLE tenant ADD CONSTRAINT tenant_deleted_when
    CHECK ((status = 'deleted') = (deleted_at IS NOT NULL));

-- an issuer belongs to one tenant at a time; a deleted tenant's issuer may be onboarded again
ALTER TABLE tenant DROP CONSTRAINT tenant_issuer_key;
CREATE UNIQUE INDEX tenant_issuer_in_use ON tenant (issuer) WHERE status <> 'deleted';
