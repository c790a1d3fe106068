package io.keyfleet.connector;

import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * A fleet CRL that must not be relied on: it could not be fetched, does not parse, is not signed
 * by the fleet CA, or is past its {@code nextUpdate}. {@link #failure()} says which, the message
 * says what exactly (URL, issuer, times).
 */
public final class RevocationListException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Failure {
    /** The download failed: bad URL, network error, timeout, or an HTTP status other than 200. */
    UNAVAILABLE,
    /** The download was larger than the limit. */
    TOO_LARGE,
    /** The bytes are not an X.509 CRL (DER or PEM), or the CRL has no nextUpdate. */
    MALFORMED,
    /** No CA certificate given issued the CRL, or its signature does not verify. */
    BAD_SIGNATURE,
    /** The CRL's nextUpdate has passed: a newer one should exist. */
    STALE
  }

  private final Failure failure;

  public RevocationListException(Failure failure, String message) {
    this(failure, message, null);
  }

  public RevocationListException(Failure failure, String message, Throwable cause) {
    super(message, cause);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  public Failure failure() {
    return failure;
  }
}
