package io.keyfleet.operator.pki;

import java.security.GeneralSecurityException;

/**
 * A wrapped data key could not be recovered: wrong private key, tampered or truncated bytes, or
 * an unknown format.
 *
 * <p>Why checked, and why one type for all causes: failing to unwrap is an expected outcome for
 * data that crossed a network, callers must decide what to do about it, and telling a wrong key
 * apart from a forged ciphertext would help an attacker more than an operator.
 */
public final class DataKeyUnwrapException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  DataKeyUnwrapException(String message) {
    super(message);
  }

  DataKeyUnwrapException(String message, Throwable cause) {
    super(message, cause);
  }
}
