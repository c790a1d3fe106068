package io.keyfleet.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.UpdateCampaignStatus;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.api.v1alpha1.campaign.DeviceTally;
import io.keyfleet.operator.testing.Resources;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CampaignSamplesTest {
  static UpdateCampaign campaign(UpdateCampaignStatus status) {
    UpdateCampaign c = Resources.campaign("icu", "x2-2.4.1", "pumps");
    c.setStatus(status);
    return c;
  }

  static Map<String, Double> byLabel(List<GaugeSample> samples, String name, String label) {
    return samples.stream().filter(s -> s.name().equals(name))
        .collect(Collectors.toMap(s -> s.tags().stream().filter(t -> t.getKey().equals(label)).findFirst().orElseThrow().getValue(),
            GaugeSample::value));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(CampaignPhase.class)
  void theCurrentPhaseIsOneAndEveryOtherPhaseZero(CampaignPhase phase) {
    UpdateCampaignStatus status = new UpdateCampaignStatus();
    status.setPhase(phase);
    Map<String, Double> phases = byLabel(CampaignSamples.of(campaign(status)), MetricNames.CAMPAIGN_PHASE, "phase");
    assertThat(phases).containsOnlyKeys(Arrays.stream(CampaignPhase.values()).map(Enum::name).toList());
    assertThat(phases.entrySet()).allSatisfy(e -> assertThat(e.getValue()).isEqualTo(e.getKey().equals(phase.name()) ? 1.0 : 0.0));
  }

  @Test
  void aCampaignTheOperatorHasNotHandledYetIsPendingWithNoDevicesAndNoWave() {
    List<GaugeSample> samples = CampaignSamples.of(campaign(null));
    assertThat(byLabel(samples, MetricNames.CAMPAIGN_PHASE, "phase")).containsEntry("Pending", 1.0).containsEntry("Rolling", 0.0);
    assertThat(byLabel(samples, MetricNames.CAMPAIGN_DEVICES, "state").values()).hasSize(7).containsOnly(0.0);
    assertThat(samples).extracting(GaugeSample::name).doesNotContain(MetricNames.CAMPAIGN_CURRENT_WAVE);
  }

  @Test
  void devicesByStateAndTheCurrentWaveComeFromTheStatus() {
    UpdateCampaignStatus status = new UpdateCampaignStatus();
    status.setPhase(CampaignPhase.Rolling);
    status.setCurrentWave(2);
    DeviceTally t = new DeviceTally();
    t.setEligible(300);
    t.setAssigned(165);
    t.setInProgress(20);
    t.setSucceeded(140);
    t.setFailed(3);
    t.setTimedOut(2);
    t.setSkipped(7);
    status.setTotals(t);
    List<GaugeSample> samples = CampaignSamples.of(campaign(status));
    assertThat(byLabel(samples, MetricNames.CAMPAIGN_DEVICES, "state")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "eligible", 300.0, "assigned", 165.0, "inProgress", 20.0, "succeeded", 140.0, "failed", 3.0, "timedOut", 2.0, "skipped", 7.0));
    assertThat(byLabel(samples, MetricNames.CAMPAIGN_CURRENT_WAVE, "campaign")).containsExactly(Map.entry("x2-2.4.1", 2.0));
    assertThat(samples).allSatisfy(s -> assertThat(s.tags().stream().map(tag -> tag.getKey() + "=" + tag.getValue()))
        .contains("namespace=icu", "campaign=x2-2.4.1", "fleet=pumps"));
  }
}
