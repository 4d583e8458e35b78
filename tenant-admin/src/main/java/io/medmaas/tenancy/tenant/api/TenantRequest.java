package io.medmaas.tenancy.tenant.api;

import java.util.List;
import java.util.Map;

/**
 * What a platform admin sends to onboard a hospital ({@code POST}) or to change one ({@code PATCH}:
 * only the fields sent change; {@code id} cannot).
 *
 * @param id a stable slug: lower-case letters, digits and hyphens
 * @param issuer the hospital's OpenID Connect issuer URL (https outside a local run)
 * @param audiences the audiences its access tokens may carry (any one suffices)
 * @param rolesClaim where its tokens carry role names, a claim or a dotted path
 * @param roleMapping its role names onto medmaas's hospital roles; absent: the same names
 * @param plan {@code trial}, {@code standard} (default) or {@code enterprise}
 */
public record TenantRequest(
    String id,
    String displayName,
    String contact,
    String issuer,
    List<String> audiences,
    String rolesClaim,
    Map<String, String> roleMapping,
    String plan) {}
