package io.medmaas.registry.audit.api;

import io.medmaas.common.audit.AuditText;
import io.medmaas.common.naming.Names;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * What a search of the audit log keeps: records from {@code from} to {@code to} (UTC days, both
 * included), of one subject, one client (a token's {@code azp}, or a partner key's id), one action,
 * one model, one outcome ({@code 404}) or class of outcomes ({@code 4xx}). Each null: any. Values
 * of the wrong shape are refused with 400, naming the parameter, never echoing the value.
 */
public record AuditFilter(
    LocalDate from,
    LocalDate to,
    String subject,
    String client,
    String action,
    String model,
    Integer outcomeFrom,
    Integer outcomeTo) {

  public static AuditFilter of(
      String from,
      String to,
      String subject,
      String client,
      String action,
      String model,
      String outcome) {
    LocalDate since = date("from", from);
    LocalDate until = date("to", to);
    if (since != null && until != null && since.isAfter(until)) {
      throw invalid("from must not be after to");
    }
    require(subject == null || AuditText.isPrintable(subject, 255), "subject");
    require(client == null || AuditText.isPrintable(client, 255), "client");
    require(action == null || action.matches("[a-z][a-z0-9.-]{0,63}"), "action");
    require(model == null || Names.isModel(model), "model");
    Integer low = null;
    Integer high = null;
    if (outcome != null) {
      if (outcome.matches("[1-5][0-9]{2}")) {
        low = high = Integer.parseInt(outcome);
      } else if (outcome.matches("[1-5]xx")) {
        low = (outcome.charAt(0) - '0') * 100;
        high = low + 99;
      } else {
        throw invalid("outcome must be a status (404) or a class (4xx)");
      }
    }
    return new AuditFilter(since, until, subject, client, action, model, low, high);
  }

  private static LocalDate date(String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw invalid(name + " must be a date (YYYY-MM-DD, UTC)");
    }
  }

  private static void require(boolean rule, String name) {
    if (!rule) {
      throw invalid(name + " is not of its shape");
    }
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ProblemType.INVALID_INPUT, detail);
  }
}
