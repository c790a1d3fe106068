package io.keyfleet.operator.pki;

import java.security.PublicKey;

/**
 * The outcome of checking a CSR: accepted with the device's public key, or the first problem.
 *
 * @param accepted whether the CSR may be signed
 * @param problem why not, null when accepted
 * @param message a human-readable explanation naming what is wrong (never key bytes)
 * @param publicKey the device's public key, null unless accepted
 */
public record CsrCheck(boolean accepted, CsrProblem problem, String message, PublicKey publicKey) {
  public CsrCheck {
    if (accepted == (problem != null) || accepted == (publicKey == null)) {
      throw new IllegalArgumentException(
          "an accepted check has a key and no problem; a refused one a problem and no key");
    }
  }

  static CsrCheck accept(PublicKey publicKey, String message) {
    return new CsrCheck(true, null, message, publicKey);
  }

  static CsrCheck reject(CsrProblem problem, String message) {
    return new CsrCheck(false, problem, message, null);
  }
}
