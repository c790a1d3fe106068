package io.keyfleet.operator.campaign;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a wave passed, failed or is still going, from its tally. Failure is judged first, and
 * also while the wave soaks: a wave fails when failed plus timed-out devices exceed the failure
 * percentage of the wave (once {@code minDevices} have finished), or when every device finished
 * and too few succeeded. It passes once the success percentage is met and the soak is over.
 */
public final class WaveGate {
  private WaveGate() {}

  public enum Verdict {
    ROLLING,
    SOAKING,
    PASSED,
    FAILED
  }

  /** The verdict, why, when the soak began (if it did), and when to look again for time's sake. */
  public record Result(Verdict verdict, String why, Instant soakStartedAt, Instant recheckAt) {}

  /**
   * @param successPercent spec.strategy.successThreshold
   * @param failurePercent spec.strategy.failureThreshold.percent
   * @param minDevices spec.strategy.failureThreshold.minDevices
   * @param soakStartedAt when the wave first met its success threshold, or null
   */
  public static Result evaluate(
      WaveTally t, int successPercent, int failurePercent, int minDevices, Duration soak, Instant soakStartedAt, Instant now) {
    int effective = t.effective();
    if (effective == 0) {
      return new Result(Verdict.PASSED, "no device left in the wave", null, null);
    }
    int bad = t.failed() + t.timedOut();
    int judgeAfter = Math.min(minDevices, effective);
    if (t.finished() >= judgeAfter && (long) bad * 100 > (long) failurePercent * effective) {
      return new Result(Verdict.FAILED,
          bad + " of " + effective + " devices failed or timed out (" + t.failed() + " failed, " + t.timedOut()
              + " timed out), more than the failure threshold of " + failurePercent + "%", null, null);
    }
    if ((long) t.succeeded() * 100 >= (long) successPercent * effective) {
      Instant started = soakStartedAt == null ? now : soakStartedAt;
      Instant end = started.plus(soak);
      if (!now.isBefore(end)) {
        return new Result(Verdict.PASSED,
            t.succeeded() + " of " + effective + " devices succeeded (threshold " + successPercent + "%)", started, null);
      }
      return new Result(Verdict.SOAKING,
          t.succeeded() + " of " + effective + " devices succeeded; soaking until " + end, started, end);
    }
    if (t.assigned() >= effective && t.finished() >= effective) {
      return new Result(Verdict.FAILED,
          "every device finished but only " + t.succeeded() + " of " + effective + " succeeded, below the success threshold of "
              + successPercent + "%", null, null);
    }
    return new Result(Verdict.ROLLING,
        t.succeeded() + " of " + effective + " devices succeeded, " + t.inProgress() + " in progress", null, null);
  }
}
