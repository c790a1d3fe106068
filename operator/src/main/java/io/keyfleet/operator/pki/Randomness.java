package io.keyfleet.operator.pki;

import java.security.SecureRandom;

/**
 * The shared source of randomness for keys, serial numbers and data keys.
 *
 * <p>Why one instance: {@link SecureRandom} is thread-safe and seeding it is the expensive part,
 * so the package seeds one, lazily, from the platform's default strong-enough source.
 */
final class Randomness {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Randomness() {}

  static SecureRandom secureRandom() {
    return RANDOM;
  }
}
