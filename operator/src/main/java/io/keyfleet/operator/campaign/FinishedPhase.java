package io.keyfleet.operator.campaign;

import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import java.util.List;

/**
 * A final phase (Succeeded, Failed, Aborted, RolledBack): nothing is assigned any more, but the
 * counts keep following the devices' reports, e.g. the last devices of a wave that passed at its
 * success threshold.
 */
final class FinishedPhase implements PhaseHandler {
  private final Rollout rollout;

  FinishedPhase(Rollout rollout) {
    this.rollout = rollout;
  }

  @Override
  public CampaignPhase handle(CampaignStep step) {
    var status = step.status();
    if (status.getManifest() != null && status.getManifest().getSequence() != null && !status.getWaves().isEmpty()) {
      List<Integer> sizes = status.getWaves().stream().map(w -> (int) w.getEligible()).toList();
      List<WaveTally> tallies = rollout.tally(step, status.getManifest().getSequence(), sizes);
      RollingPhase.record(status.getWaves(), tallies);
      status.setTotals(RollingPhase.totals(tallies, status.getWaves()));
    }
    return status.getPhase();
  }
}
