package io.keyfleet.operator.campaign;

import static io.keyfleet.api.v1alpha1.common.ConditionTypes.READY;

import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.api.v1alpha1.campaign.WaveStatus;
import io.keyfleet.operator.status.Conditions.Decision;
import java.time.Duration;
import java.util.Objects;

/**
 * Paused: no assignments. A campaign paused by {@code spec.paused} goes on when it is false again;
 * one that paused itself on a failed wave goes on once a person changed the spec (its generation
 * moved): the failed wave is then accepted and the next one starts.
 */
final class PausedPhase implements PhaseHandler {
  @Override
  public CampaignPhase handle(CampaignStep step) {
    var status = step.status();
    var campaign = step.campaign();
    if (Boolean.TRUE.equals(campaign.getSpec().getPaused())) {
      if (status.getPausedGeneration() == null) {
        step.decide(Decision.isFalse(CampaignStep.PROGRESSING, "PausedByUser", "spec.paused is true: no new assignments"));
      }
      return CampaignPhase.Paused;
    }
    Long pausedAt = status.getPausedGeneration();
    if (pausedAt == null) {
      step.event("Resumed", "spec.paused is false: assignments go on");
      step.recheckWithin(Duration.ZERO);
      return status.getRollbackManifest() != null ? CampaignPhase.RollingBack : CampaignPhase.Rolling;
    }
    if (Objects.equals(pausedAt, campaign.getMetadata().getGeneration())) {
      return CampaignPhase.Paused; // waits for a person
    }
    status.setPausedGeneration(null);
    int w = status.getCurrentWave() == null ? 0 : status.getCurrentWave();
    WaveStatus failed = status.getWaves().get(w);
    step.event("Resumed", "resumed by a change of the campaign after wave " + w + " failed; the failure is accepted");
    step.decide(Decision.isTrue(READY, "Rolling", "resumed after wave " + w + " failed"));
    if (w == status.getWaves().size() - 1) {
      failed.setFinishedAt(step.format(step.now()));
      status.setCompletedAt(step.format(step.now()));
      step.decide(Decision.isFalse(CampaignStep.PROGRESSING, "Failed", "the last wave failed and was accepted by a person"));
      return CampaignPhase.Failed;
    }
    status.setCurrentWave(w + 1);
    WaveStatus next = status.getWaves().get(w + 1);
    next.setState(WaveStatus.State.Rolling);
    next.setStartedAt(step.format(step.now()));
    step.event("WaveStarted", "wave " + (w + 1) + " started: " + next.getEligible() + " devices");
    step.recheckWithin(Duration.ZERO);
    return CampaignPhase.Rolling;
  }
}
