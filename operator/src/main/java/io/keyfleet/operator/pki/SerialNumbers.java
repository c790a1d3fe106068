package io.keyfleet.operator.pki;

import java.math.BigInteger;

/**
 * Certificate serial numbers.
 *
 * <p>Why random and 128 bits: serials must be unique per CA without a counter that would have to
 * survive operator restarts and leader changes, and unpredictable (CA/Browser Forum asks for at
 * least 64 bits of entropy). RFC 5280 allows up to 20 octets and requires a positive number.
 */
final class SerialNumbers {
  private SerialNumbers() {}

  /** A positive serial of up to 128 random bits (never zero). */
  static BigInteger next() {
    BigInteger serial;
    do {
      serial = new BigInteger(128, Randomness.secureRandom());
    } while (serial.signum() == 0);
    return serial;
  }
}
