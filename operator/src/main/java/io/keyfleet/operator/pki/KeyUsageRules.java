package io.keyfleet.operator.pki;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which key usages a key type can honestly carry.
 *
 * <p>Why: a certificate that claims keyEncipherment for an ECDSA or Ed25519 key promises
 * something the key cannot do, and strict TLS stacks reject it. The rules are those of RFC 5480
 * section 3 (EC: no keyEncipherment or dataEncipherment), RFC 8410 section 5 (Ed25519: signing
 * usages only) and RFC 3279 section 2.3.1 (RSA: no keyAgreement).
 */
final class KeyUsageRules {
  private KeyUsageRules() {}

  /**
   * @throws IllegalArgumentException naming the key and the usages it cannot have
   */
  static void check(KeyDescription key, Set<KeyUsageName> usages) {
    Set<KeyUsageName> forbidden =
        switch (key.family()) {
          case EC -> EnumSet.of(KeyUsageName.keyEncipherment, KeyUsageName.dataEncipherment);
          case ED25519 -> EnumSet.of(
              KeyUsageName.keyEncipherment,
              KeyUsageName.dataEncipherment,
              KeyUsageName.keyAgreement);
          case RSA -> EnumSet.of(KeyUsageName.keyAgreement);
          case OTHER -> EnumSet.noneOf(KeyUsageName.class);
        };
    forbidden.retainAll(usages);
    if (!forbidden.isEmpty()) {
      throw new IllegalArgumentException(
          "a " + key.describe() + " key cannot have key usage " + forbidden);
    }
  }
}
