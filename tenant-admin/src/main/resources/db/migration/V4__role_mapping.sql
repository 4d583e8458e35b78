-- How a tenant's identity provider names medmaas's roles: {"idp role": "medmaas role", ...}.
-- NULL: the provider names them as medmaas does. Only hospital roles can be mapped to; the
-- gateway drops anything else (ADR 0010).
ALTER TABLE tenant ADD COLUMN role_mapping JSONB;
ALTER TABLE tenant ADD CONSTRAINT role_mapping_is_an_object
    CHECK (role_mapping IS NULL OR jsonb_typeof(role_mapping) = 'object');
