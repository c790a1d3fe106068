package io.keyfleet.operator.campaign;

import io.keyfleet.api.v1alpha1.identity.UpdateState;
import java.time.Duration;
import java.time.Instant;

/** Where one assigned device is with its update, from its connector's report. */
public enum DeviceProgress {
  /** Assigned; the device has not reported on this manifest yet. */
  ASSIGNED,
  /** Downloading or installing this manifest. */
  IN_PROGRESS,
  SUCCEEDED,
  /** Failed, or rejected the manifest (bad signature, rollback, wrong model...). */
  FAILED,
  /** Not finished within deviceTimeout of its assignment. */
  TIMED_OUT;

  public boolean finished() {
    return this == SUCCEEDED || this == FAILED || this == TIMED_OUT;
  }

  /**
   * A device's progress on the manifest with {@code sequence}, assigned at {@code assignedAt}. A
   * report about another manifest (an older campaign, a stale sequence) says nothing about this one.
   */
  public static DeviceProgress of(
      UpdateState reported, Long reportedSequence, long sequence, Instant assignedAt, Duration timeout, Instant now) {
    if (reported != null && reportedSequence != null && reportedSequence == sequence) {
      switch (reported) {
        case Succeeded -> {
          return SUCCEEDED;
        }
        case Failed, Rejected -> {
          return FAILED;
        }
        default -> { }
      }
    }
    if (assignedAt != null && !now.isBefore(assignedAt.plus(timeout))) {
      return TIMED_OUT;
    }
    boolean working = reported != null && reportedSequence != null && reportedSequence == sequence
        && (reported == UpdateState.Downloading || reported == UpdateState.Installing);
    return working ? IN_PROGRESS : ASSIGNED;
  }
}
