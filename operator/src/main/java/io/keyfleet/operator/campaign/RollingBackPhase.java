package io.keyfleet.operator.campaign;

import static io.keyfleet.api.v1alpha1.common.ConditionTypes.READY;

import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.api.v1alpha1.common.Durations;
import io.keyfleet.operator.status.Conditions.Decision;
import java.time.Duration;

/**
 * RollingBack: publishes a manifest for spec.strategy.rollbackTo with a new, higher sequence
 * number (so devices' anti-rollback checks stay intact), assigns it to every device that was
 * assigned the new firmware, and ends RolledBack once each of them finished (or timed out).
 * Maintenance windows do not hold a rollback back; the rate limit does.
 */
final class RollingBackPhase implements PhaseHandler {
  private final Publication publication;
  private final Rollout rollout;

  RollingBackPhase(Publication publication, Rollout rollout) {
    this.publication = publication;
    this.rollout = rollout;
  }

  @Override
  public CampaignPhase handle(CampaignStep step) {
    var status = step.status();
    var target = step.campaign().getSpec().getStrategy().getRollbackTo();
    var result = publication.publish(step, step.key() + Publication.ROLLBACK, status.getRollbackManifest(), target.getVersion(), target.getArtifact(),
        true, status::setRollbackManifest);
    if (result != Publication.Result.PUBLISHED) {
      return CampaignPhase.RollingBack;
    }
    var rollback = status.getRollbackManifest();
    if (Boolean.TRUE.equals(step.campaign().getSpec().getPaused())) {
      step.decide(Decision.isFalse(CampaignStep.PROGRESSING, "PausedByUser", "spec.paused is true: the rollback waits"));
      return CampaignPhase.Paused;
    }
    long sequence = status.getManifest().getSequence();
    var pending = rollout.assigned(step, a -> a.sequence() == sequence).stream().filter(d -> !d.revoked()).toList();
    int allowed = rollout.allowance(step, pending.size());
    rollout.assign(step, pending, d -> true, allowed, rollback, target.getVersion(), 0, true);
    Duration timeout = Durations.parse(step.campaign().getSpec().getStrategy().getDeviceTimeout());
    var back = rollout.assigned(step, a -> a.sequence() == rollback.getSequence());
    long finished = back.stream().filter(d -> d.revoked() || Rollout.progress(d, timeout, step.now()).finished()).count();
    long succeeded = back.stream().filter(d -> !d.revoked() && Rollout.progress(d, timeout, step.now()) == DeviceProgress.SUCCEEDED).count();
    String progress = back.size() + " devices assigned " + target.getVersion() + " (sequence " + rollback.getSequence() + "), "
        + succeeded + " back on it, " + (pending.size() - allowed > 0 ? (pending.size() - allowed) + " still to assign" : "none left to assign");
    if (pending.size() <= allowed && finished >= back.size()) {
      status.setCompletedAt(step.format(step.now()));
      step.decide(Decision.isFalse(CampaignStep.PROGRESSING, "RolledBack", progress));
      step.decide(Decision.isFalse(READY, "RolledBack", "the campaign was rolled back to " + target.getVersion()));
      step.event("RolledBack", progress);
      return CampaignPhase.RolledBack;
    }
    step.decide(Decision.isTrue(CampaignStep.PROGRESSING, "RollingBack", progress));
    step.recheckWithin(RollingPhase.TICK);
    return CampaignPhase.RollingBack;
  }
}
