package io.keyfleet.operator.pki;

/**
 * Why a device's certificate signing request was refused.
 *
 * <p>Why an enum: reconcilers map each to a condition reason a human can act on ("regenerate the
 * key", "fix the device id"), which a free-text message alone would not allow.
 */
public enum CsrProblem {
  /** Not a PEM-encoded PKCS#10 request. */
  Unparseable,
  /** Its self-signature does not verify: no proof that the sender holds the private key. */
  BadSignature,
  /** RSA under 2048 bits, or an EC curve other than P-256/P-384 (e.g. secp256k1, P-224). */
  WeakKey,
  /** A sound key, but not the algorithm the rotation policy requires. */
  DisallowedAlgorithm,
  /** The subject CN is not the device's expected common name. */
  SubjectMismatch
}
