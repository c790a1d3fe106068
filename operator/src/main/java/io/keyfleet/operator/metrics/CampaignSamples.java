package io.keyfleet.operator.metrics;

import static io.keyfleet.operator.metrics.MetricNames.CAMPAIGN;
import static io.keyfleet.operator.metrics.MetricNames.FLEET;
import static io.keyfleet.operator.metrics.MetricNames.NAMESPACE;
import static io.keyfleet.operator.metrics.MetricNames.PHASE;
import static io.keyfleet.operator.metrics.MetricNames.STATE;

import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.UpdateCampaignStatus;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.api.v1alpha1.campaign.DeviceTally;
import java.util.ArrayList;
import java.util.List;

/**
 * A campaign's gauges, from the status the operator wrote: devices by state (status.totals), the
 * current wave, and one series per phase, 1 for the phase it is in and 0 for the others, so that
 * {@code keyfleet_campaign_phase{phase="Paused"} == 1} is an alert expression.
 */
public final class CampaignSamples {
  private CampaignSamples() {}

  public static List<GaugeSample> of(UpdateCampaign campaign) {
    String namespace = campaign.getMetadata().getNamespace();
    String name = campaign.getMetadata().getName();
    String fleet = campaign.getSpec() == null || campaign.getSpec().getFleetRef() == null ? "" : campaign.getSpec().getFleetRef().getName();
    UpdateCampaignStatus status = campaign.getStatus();
    // No status yet: the operator has not handled the campaign, which is what Pending means (the
    // reconciler starts every campaign there).
    CampaignPhase current = status == null || status.getPhase() == null ? CampaignPhase.Pending : status.getPhase();
    DeviceTally totals = status == null || status.getTotals() == null ? new DeviceTally() : status.getTotals();
    List<GaugeSample> samples = new ArrayList<>();
    for (CampaignPhase phase : CampaignPhase.values()) {
      samples.add(GaugeSample.of(MetricNames.CAMPAIGN_PHASE, phase == current ? 1 : 0,
          NAMESPACE, namespace, CAMPAIGN, name, FLEET, fleet, PHASE, phase.name()));
    }
    device(samples, namespace, name, fleet, "eligible", totals.getEligible());
    device(samples, namespace, name, fleet, "assigned", totals.getAssigned());
    device(samples, namespace, name, fleet, "inProgress", totals.getInProgress());
    device(samples, namespace, name, fleet, "succeeded", totals.getSucceeded());
    device(samples, namespace, name, fleet, "failed", totals.getFailed());
    device(samples, namespace, name, fleet, "timedOut", totals.getTimedOut());
    device(samples, namespace, name, fleet, "skipped", totals.getSkipped());
    if (status != null && status.getCurrentWave() != null) {
      samples.add(GaugeSample.of(MetricNames.CAMPAIGN_CURRENT_WAVE, status.getCurrentWave(), NAMESPACE, namespace, CAMPAIGN, name, FLEET, fleet));
    }
    return samples;
  }

  private static void device(List<GaugeSample> samples, String namespace, String campaign, String fleet, String state, long count) {
    samples.add(GaugeSample.of(MetricNames.CAMPAIGN_DEVICES, count, NAMESPACE, namespace, CAMPAIGN, campaign, FLEET, fleet, STATE, state));
  }
}
