package io.medmaas.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medmaas.common.net.PublicAddresses;
import io.medmaas.common.problem.ProblemException;
import io.medmaas.common.problem.ProblemType;
import io.medmaas.tenancy.tenant.service.IssuerCheck;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * Outside a local run an issuer must be https, at a public address; nothing is fetched for one that
 * is not.
 */
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

  @Test
  void anIssuerAtALoopbackPrivateOrLinkLocalAddressIsRefusedBeforeAnythingIsSent() {
    IssuerCheck check = new IssuerCheck();
    for (String issuer :
        new String[] {
          "https://127.0.0.1:1/realms/x",
          "https://localhost:1/realms/x",
          "https://10.1.2.3:1/realms/x",
          "https://192.168.0.10:1/realms/x",
          "https://172.16.5.5:1/realms/x",
          "https://169.254.169.254/latest/meta-data",
          "https://100.64.0.1:1/realms/x",
          "https://0.0.0.0:1/realms/x",
          "https://[::1]:1/realms/x",
          "https://[fd00::1]:1/realms/x",
          "https://[fe80::1]:1/realms/x",
          "https://[::ffff:127.0.0.1]:1/realms/x",
        }) {
      ProblemException refused =
          assertThrows(ProblemException.class, () -> check.requireReachable(issuer), issuer);
      assertEquals(ProblemType.UNPROCESSABLE, refused.type(), issuer);
      assertTrue(refused.getMessage().contains("loopback, private or link-local"), issuer);
    }
  }

  @Test
  void publicAddressesAreAllowedAndPrivateOnesInIpv6DressAreNot() throws Exception {
    for (String address : new String[] {"8.8.8.8", "1.1.1.1", "2001:4860:4860::8888"}) {
      assertTrue(PublicAddresses.isPublic(InetAddress.getByName(address)), address);
    }
    for (String address :
        new String[] {
          "::127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:a00:1::1", "2002:7f00:1::", "::ffff:10.0.0.1"
        }) {
      assertFalse(PublicAddresses.isPublic(InetAddress.getByName(address)), address);
    }
  }
}
