package io.keyfleet.api.v1alpha1.identity;

/**
 * RFC 5280 CRL reason codes a device revocation may carry. certificateHold and removeFromCRL are
 * absent on purpose: revocation in Keyfleet is permanent.
 */
public enum RevocationReason {
  unspecified(0),
  keyCompromise(1),
  cACompromise(2),
  affiliationChanged(3),
  superseded(4),
  cessationOfOperation(5),
  privilegeWithdrawn(9),
  aACompromise(10);

  private final int code;

  RevocationReason(int code) {
    this.code = code;
  }

  /** The numeric CRLReason of RFC 5280 section 5.3.1. */
  public int code() {
    return code;
  }
}
