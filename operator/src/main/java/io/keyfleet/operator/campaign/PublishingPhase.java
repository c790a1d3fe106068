package io.keyfleet.operator.campaign;

import static io.keyfleet.api.v1alpha1.common.ConditionTypes.READY;

import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.operator.status.Conditions.Decision;

/** Publishing: the new firmware's manifest is pinned, numbered, pushed and signed; then Rolling. */
final class PublishingPhase implements PhaseHandler {
  private final Publication publication;

  PublishingPhase(Publication publication) {
    this.publication = publication;
  }

  @Override
  public CampaignPhase handle(CampaignStep step) {
    var firmware = step.campaign().getSpec().getFirmware();
    step.decide(Decision.isFalse(CampaignStep.PROGRESSING, "Publishing", "publishing the signed manifest for " + firmware.getVersion()));
    var result = publication.publish(step, step.key(), step.status().getManifest(), firmware.getVersion(), firmware.getArtifact(), false,
        m -> step.status().setManifest(m));
    if (result != Publication.Result.PUBLISHED) {
      if (result == Publication.Result.FAILED) {
        step.decide(Decision.isFalse(READY, "PublishFailed", "the signed manifest is not in the registry yet; nothing is assigned until it is"));
      }
      return CampaignPhase.Publishing;
    }
    var m = step.status().getManifest();
    step.decide(Decision.isTrue(CampaignStep.PUBLISHED, "Published",
        "sequence " + m.getSequence() + " signed by key " + m.getSigningKeyId() + ": " + m.getReference()));
    step.decide(Decision.isTrue(READY, "Published", "the signed manifest is published"));
    step.event("Published", "manifest sequence " + m.getSequence() + " for " + firmware.getVersion() + " published as " + m.getReference()
        + ", signed by key " + m.getSigningKeyId());
    return CampaignPhase.Rolling;
  }
}
