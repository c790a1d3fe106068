package io.keyfleet.operator.campaign;

/**
 * Counts of one wave: its planned size, the devices assigned so far by progress, and members that
 * left it (revoked or deleted after assignment).
 */
public record WaveTally(int size, int assigned, int inProgress, int succeeded, int failed, int timedOut, int skipped) {
  public static final WaveTally EMPTY = new WaveTally(0, 0, 0, 0, 0, 0, 0);

  /** Devices the wave still covers. */
  public int effective() {
    return Math.max(0, size - skipped);
  }

  public int finished() {
    return succeeded + failed + timedOut;
  }

  public WaveTally withSize(int n) {
    return new WaveTally(n, assigned, inProgress, succeeded, failed, timedOut, skipped);
  }

  /** This tally with one more device in the given state. */
  public WaveTally plus(DeviceProgress progress) {
    return new WaveTally(
        size, assigned + 1,
        inProgress + (progress == DeviceProgress.IN_PROGRESS || progress == DeviceProgress.ASSIGNED ? 1 : 0),
        succeeded + (progress == DeviceProgress.SUCCEEDED ? 1 : 0),
        failed + (progress == DeviceProgress.FAILED ? 1 : 0),
        timedOut + (progress == DeviceProgress.TIMED_OUT ? 1 : 0),
        skipped);
  }

  public WaveTally plusSkipped() {
    return new WaveTally(size, assigned, inProgress, succeeded, failed, timedOut, skipped + 1);
  }
}
