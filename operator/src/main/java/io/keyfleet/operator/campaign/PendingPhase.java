package io.keyfleet.operator.campaign;

import static io.keyfleet.api.v1alpha1.common.ConditionTypes.READY;

import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.operator.status.Conditions.Decision;
import java.time.Duration;

/** Pending: waits until the fleet is Ready and has an update channel and a signing key. */
final class PendingPhase implements PhaseHandler {
  @Override
  public CampaignPhase handle(CampaignStep step) {
    var decisions = CampaignReadiness.decide(step.campaign(), step.fleetIfAny());
    Decision ready = decisions.get(0);
    step.decide(Decision.isFalse(CampaignStep.PUBLISHED, "NotPublished", "the manifest is not yet published"));
    step.decide(Decision.isFalse(CampaignStep.PROGRESSING, "Pending", "waiting to publish the manifest"));
    if (!ready.reason().equals(CampaignReadiness.AWAITING_PUBLICATION)) {
      step.decide(ready);
      step.recheckWithin(Duration.ofMinutes(1));
      return CampaignPhase.Pending;
    }
    var signing = step.fleet().getStatus().getSigning();
    if (signing == null || signing.getActiveKeyId() == null) {
      step.decide(Decision.isFalse(READY, "NoSigningKey", "the fleet has no active update-signing key yet"));
      step.recheckWithin(Duration.ofSeconds(5));
      return CampaignPhase.Pending;
    }
    step.decide(ready);
    return CampaignPhase.Publishing;
  }
}
