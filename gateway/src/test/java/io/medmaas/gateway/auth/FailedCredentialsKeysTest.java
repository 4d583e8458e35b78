package io.medmaas.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * Whose allowance of failures an address counts against: an IPv4 address its own, an IPv6 address
 * its /64 (a caller cannot get a fresh allowance per address of its network), and any value that is
 * no IP address (a forged forwarded header's) one shared allowance, never a key of its own.
 */
class FailedCredentialsKeysTest {

  @Test
  void anIpv4AddressIsItsOwnAndAnIpv6OneItsNetworks() {
    assertEquals("203.0.113.7", FailedCredentials.keyOf("203.0.113.7"));
    String one = FailedCredentials.keyOf("2001:db8:1:2::1");
    assertEquals("20010db800010002::/64", one);
    assertEquals(one, FailedCredentials.keyOf("2001:db8:1:2:ffff:eeee:dddd:cccc"));
    assertEquals("20010db800010003::/64", FailedCredentials.keyOf("2001:0db8:0001:0003:0:0:0:1"));
    assertEquals("192.0.2.1", FailedCredentials.keyOf("::ffff:192.0.2.1"), "IPv4 in IPv6");
    assertNull(FailedCredentials.keyOf(null));
  }

  @Test
  void whatIsNoIpAddressSharesOneAllowance() {
    for (String odd :
        new String[] {
          "unknown", "evil.example", "x".repeat(5000), "1.2.3.4, 5.6.7.8", "[::1]", "::g", "a\nb"
        }) {
      assertEquals(FailedCredentials.UNREADABLE, FailedCredentials.keyOf(odd), odd);
    }
  }
}
