package io.keyfleet.operator.signing;

import java.time.Duration;
import java.time.Instant;

/**
 * When a fleet's update-signing key rotates. A rotation has two steps: a new key is added as
 * pending (published to every device Secret, used for nothing), and only once every device Secret
 * carries it does it become the active key. Pure: the caller supplies the clock's now and the
 * device tallies.
 */
public final class SigningKeyRotation {
  private SigningKeyRotation() {}

  /** What to do now. */
  public enum Action {
    /** Nothing: the keys are as they should be, or the new key is still reaching devices. */
    KEEP,
    /** Create a new key and publish it as pending. */
    START,
    /** Every device Secret trusts the pending key: sign with it from now on. */
    ACTIVATE
  }

  /** The decision, why, and when to look again (null: only on change). */
  public record Decision(Action action, String why, Instant recheckAt) {}

  /**
   * @param keys the fleet's keys now
   * @param rotateEvery the fleet's spec.updates.signing.rotateEvery, or null
   * @param requested the fleet's rotation-request annotation, or null
   * @param honoured the last request already acted on, or null
   * @param devicesTrusting issued, unrevoked devices whose Secret carries the current bundle
   * @param devicesNeedingTrust issued, unrevoked devices
   */
  public static Decision decide(
      SigningKeySet keys, Duration rotateEvery, String requested, String honoured, long devicesTrusting, long devicesNeedingTrust,
      Instant now) {
    if (keys.pending().isPresent()) {
      if (devicesTrusting >= devicesNeedingTrust) {
        return new Decision(Action.ACTIVATE, "all " + devicesNeedingTrust + " device Secrets trust key " + keys.pending().get().id(), null);
      }
      return new Decision(
          Action.KEEP,
          "key " + keys.pending().get().id() + " reached " + devicesTrusting + " of " + devicesNeedingTrust + " device Secrets",
          null);
    }
    if (requested != null && !requested.isBlank() && !requested.equals(honoured)) {
      return new Decision(Action.START, "rotation requested (" + requested + ")", null);
    }
    if (rotateEvery != null) {
      Instant due = keys.active().createdAt().plus(rotateEvery);
      if (!now.isBefore(due)) {
        return new Decision(Action.START, "key " + keys.active().id() + " is older than rotateEvery " + rotateEvery, null);
      }
      return new Decision(Action.KEEP, "next rotation at " + due, due);
    }
    return new Decision(Action.KEEP, "no rotation scheduled", null);
  }
}
