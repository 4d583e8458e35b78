package io.medmaas.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.tenancy.tenant.service.IssuerCheck;
import org.junit.jupiter.api.Test;

/** Outside a local run an issuer must be https; nothing is fetched for one that is not. */
class IssuerCheckTest {

  @Test
  void anHttpIssuerIsRefusedUnlessALocalRunAllowsIt() {
    IssuerCheck check = new IssuerCheck();
    ProblemException refused =
        assertThrows(
            ProblemException.class,
            () -> check.requireWellFormed("http://idp.hospital.example/realms/x"));
    assertEquals(ProblemType.INVALID_INPUT, refused.type());
    assertEquals(
        "https://idp.hospital.example/realms/x",
        check.requireWellFormed("https://idp.hospital.example/realms/x").toString());
    assertThrows(
        ProblemException.class, () -> check.requireWellFormed("https://u:p@idp.example/r"));
    assertThrows(ProblemException.class, () -> check.requireWellFormed("https:///no-host"));
  }
}
