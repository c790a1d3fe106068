package io.keyfleet.operator.campaign;

import io.keyfleet.api.v1alpha1.UpdateCampaignStatus;
import io.keyfleet.operator.status.StatusPatch;
import java.util.Objects;

/** Tells a change of a campaign's counts alone from a change of its state. */
final class CampaignStatusDiff {
  private CampaignStatusDiff() {}

  /**
   * True when the two statuses differ only in device counts (per wave and in total) and in the
   * condition messages that quote them: same phase, waves, manifests and condition states.
   */
  static boolean countsOnly(UpdateCampaignStatus a, UpdateCampaignStatus b) {
    return Objects.equals(withoutCounts(a), withoutCounts(b));
  }

  private static UpdateCampaignStatus withoutCounts(UpdateCampaignStatus status) {
    UpdateCampaignStatus s = StatusPatch.copy(status);
    s.setTotals(null);
    s.getWaves().forEach(w -> {
      w.setAssigned(0);
      w.setInProgress(0);
      w.setSucceeded(0);
      w.setFailed(0);
      w.setTimedOut(0);
      w.setSkipped(0);
    });
    s.getConditions().forEach(c -> c.setMessage(null));
    return s;
  }
}
