package io.keyfleet.operator.campaign;

import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;

/** What a campaign does in one phase: acts on the step and says which phase follows. */
interface PhaseHandler {
  CampaignPhase handle(CampaignStep step) throws Exception;
}
