package io.keyfleet.operator.oci;

import java.util.Objects;

/**
 * A registry operation failed. {@link #reason()} and {@link #getMessage()} are written for a
 * Kubernetes condition: a CamelCase reason and one line a person can act on, naming the registry
 * and the artifact, never credentials or response bodies.
 *
 * <p>Why checked: registries are remote and fail for ordinary reasons (down, wrong password,
 * artifact deleted); every caller has to decide whether to retry or report, so the compiler
 * should make it.
 */
public final class RegistryException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why it failed, in the words a condition reason uses. */
  public enum Reason {
    /** No connection, a reset, a DNS failure, or no answer within the timeout. */
    RegistryUnreachable,
    /** HTTP 401 or 403: wrong or missing credentials, or no permission. */
    Unauthorized,
    /** HTTP 404: the repository, tag or digest does not exist. */
    ArtifactNotFound,
    /** The registry stored or served other bytes than the digest says. */
    DigestMismatch,
    /** Anything else the registry answered (5xx, an invalid manifest, no referrers support). */
    RegistryError
  }

  private final Reason reason;

  RegistryException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  RegistryException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The condition reason. */
  public Reason reason() {
    return reason;
  }
}
