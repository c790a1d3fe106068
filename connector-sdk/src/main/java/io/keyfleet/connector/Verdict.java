package io.keyfleet.connector;

import java.util.Optional;

/**
 * The outcome of a verification: the verified manifest's facts, or the refusal and a message to
 * report (status.reported.message with updateState Rejected).
 */
public record Verdict(Optional<Refusal> refusal, String message, VerifiedUpdate update) {
  static Verdict refuse(Refusal refusal, String message) {
    return new Verdict(Optional.of(refusal), message, null);
  }

  static Verdict accept(VerifiedUpdate update) {
    return new Verdict(Optional.empty(), "verified", update);
  }

  public boolean accepted() {
    return refusal.isEmpty();
  }
}
