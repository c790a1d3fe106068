package io.keyfleet.operator.campaign;

import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import java.util.List;

/**
 * A final phase (Succeeded, Failed, Aborted, RolledBack): nothing is assigned any more, but the
 * counts keep following the devices' reports, e.g. the last devices of a wave that passed at its
 * success threshold. What was kept in memory for assigning and publishing (rate limit, retry
 * count) is let go.
 */
final class FinishedPhase implements PhaseHandler {
  private final Rollout rollout;
  private final Publication publication;

  FinishedPhase(Rollout rollout, Publication publication) {
    this.rollout = rollout;
    this.publication = publication;
  }

  @Override
  public CampaignPhase handle(CampaignStep step) {
    rollout.forget(step.key());
    publication.forget(step.key());
    publication.forget(step.key() + Publication.ROLLBACK);
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
