package io.medmaas.common.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Whether an address is one on the public internet, for the fetches a tenant's settings point at
 * (its identity provider's discovery document and keys): loopback, private, link-local (cloud
 * metadata among them), shared (carrier-grade NAT), reserved, multicast and unique-local addresses
 * are not, nor are IPv6 forms that carry one of those as an IPv4 address (IPv4-compatible, NAT64
 * {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}).
 */
public final class PublicAddresses {

  private PublicAddresses() {}

  public static boolean isPublic(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = bytes[0] & 0xff;
      int second = bytes[1] & 0xff;
      return first != 0 // "this network"
          && !(first == 100 && second >= 64 && second < 128) // shared (carrier-grade NAT)
          && !(first == 192 && second == 0 && (bytes[2] & 0xff) == 0) // IETF protocol assignments
          && !(first == 198 && (second == 18 || second == 19)) // benchmarking
          && first < 240; // reserved and broadcast
    }
    if ((bytes[0] & 0xfe) == 0xfc) {
      return false; // unique local (fc00::/7)
    }
    if (zeros(bytes, 0, 12)) {
      return embedded(bytes, 12); // IPv4-compatible ::a.b.c.d (mapped ones Java gives as IPv4)
    }
    if ((bytes[0] & 0xff) == 0x00
        && (bytes[1] & 0xff) == 0x64
        && (bytes[2] & 0xff) == 0xff
        && (bytes[3] & 0xff) == 0x9b
        && zeros(bytes, 4, 12)) {
      return embedded(bytes, 12); // NAT64 64:ff9b::/96
    }
    if ((bytes[0] & 0xff) == 0x20 && (bytes[1] & 0xff) == 0x02) {
      return embedded(bytes, 2); // 6to4 2002:a.b.c.d::/48
    }
    return true;
  }

  private static boolean zeros(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean embedded(byte[] bytes, int at) {
    try {
      return isPublic(
          InetAddress.getByAddress(
              new byte[] {bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]}));
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
