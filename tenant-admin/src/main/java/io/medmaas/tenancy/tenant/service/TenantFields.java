package io.medmaas.tenancy.tenant.service;

import io.medmaas.common.access.Role;
import io.medmaas.common.caller.InternalToken;
import io.medmaas.common.naming.Names;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.tenancy.tenant.store.Plan;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules for each field a platform admin sets on a tenant. A value that breaks one is a 400 that
 * names the field and the rule, never the value.
 */
final class TenantFields {

  static final int MAX_TEXT = 200;
  static final int MAX_AUDIENCES = 8;
  static final int MAX_MAPPED_ROLES = 64;

  private static final Pattern ROLES_CLAIM =
      Pattern.compile("[A-Za-z0-9_:-]{1,64}(\\.[A-Za-z0-9_:-]{1,64}){0,3}");
  private static final Pattern TOKEN_TEXT = Pattern.compile("[\\x21-\\x7e]{1,255}");
  private static final String HOSPITAL_ROLES =
      Role.HOSPITAL.stream().map(Role::id).sorted().collect(Collectors.joining(", "));

  private TenantFields() {}

  static String id(String id) {
    if (id == null || !Names.isTenant(id)) {
      throw invalid(
          "id must be 2 to 63 lower-case letters, digits and hyphens, starting with a letter or"
              + " digit");
    }
    if (id.equals(InternalToken.PLATFORM_TENANT)) {
      throw invalid("id " + InternalToken.PLATFORM_TENANT + " is the platform's own");
    }
    return id;
  }

  static String displayName(String value) {
    String text = text("displayName", value);
    if (text == null) {
      throw invalid("displayName is required");
    }
    return text;
  }

  /** Optional text: printable, at most {@value #MAX_TEXT} characters. */
  static String text(String field, String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    if (trimmed.isEmpty()
        || trimmed.length() > MAX_TEXT
        || trimmed.codePoints().anyMatch(Character::isISOControl)) {
      throw invalid(field + " must be 1 to " + MAX_TEXT + " printable characters");
    }
    return trimmed;
  }

  static String[] audiences(List<String> values) {
    if (values == null || values.isEmpty() || values.size() > MAX_AUDIENCES) {
      throw invalid("audiences must list 1 to " + MAX_AUDIENCES + " audiences");
    }
    for (String audience : values) {
      if (audience == null || !TOKEN_TEXT.matcher(audience).matches()) {
        throw invalid("each audience must be 1 to 255 visible characters with no spaces");
      }
    }
    return values.stream().distinct().toArray(String[]::new);
  }

  static String rolesClaim(String value) {
    if (value == null || !ROLES_CLAIM.matcher(value).matches()) {
      throw invalid(
          "rolesClaim must be a claim name or a dotted path of up to four names"
              + " (for example realm_access.roles)");
    }
    return value;
  }

  /** A role mapping onto hospital roles only; an empty one means the provider's names are ours. */
  static Map<String, String> roleMapping(Map<String, String> mapping) {
    if (mapping == null || mapping.isEmpty()) {
      return null;
    }
    if (mapping.size() > MAX_MAPPED_ROLES) {
      throw invalid("roleMapping may map at most " + MAX_MAPPED_ROLES + " role names");
    }
    Map<String, String> checked = new TreeMap<>();
    mapping.forEach(
        (idpRole, medmaasRole) -> {
          if (idpRole == null || !TOKEN_TEXT.matcher(idpRole).matches()) {
            throw invalid("each role name of roleMapping must be 1 to 255 visible characters");
          }
          if (medmaasRole == null
              || Role.of(medmaasRole).filter(Role.HOSPITAL::contains).isEmpty()) {
            throw invalid("roleMapping may map onto hospital roles only: " + HOSPITAL_ROLES);
          }
          checked.put(idpRole, medmaasRole);
        });
    return checked;
  }

  static Plan plan(String value) {
    if (value == null) {
      return Plan.standard;
    }
    try {
      return Plan.valueOf(value.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid("plan must be one of: trial, standard, enterprise");
    }
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ProblemType.INVALID_INPUT, detail);
  }
}
