package io.keyfleet.operator.fleet;

/** The fleet CA cannot be used; the reason becomes the fleet's Ready condition reason. */
public final class CaUnavailableException extends Exception {
  private final String reason;

  public CaUnavailableException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
