package io.keyfleet.operator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.UpdateCampaignStatus;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.api.v1alpha1.campaign.DeviceTally;
import io.keyfleet.api.v1alpha1.campaign.WaveStatus;
import io.keyfleet.api.v1alpha1.common.Condition;
import io.keyfleet.operator.status.StatusPatch;
import org.junit.jupiter.api.Test;

class CampaignStatusDiffTest {
  static UpdateCampaignStatus status() {
    UpdateCampaignStatus s = new UpdateCampaignStatus();
    s.setPhase(CampaignPhase.Rolling);
    s.setCurrentWave(1);
    WaveStatus w = new WaveStatus();
    w.setIndex(1);
    w.setState(WaveStatus.State.Rolling);
    w.setEligible(100);
    w.setSucceeded(10);
    s.getWaves().add(w);
    s.setTotals(new DeviceTally());
    s.getConditions().add(Condition.builder().type("Progressing").status(Condition.Status.True).reason("Wave1")
        .message("wave 1: 10 of 100 devices succeeded").build());
    return s;
  }

  @Test
  void moreReportsAreCountsOnly() {
    UpdateCampaignStatus after = StatusPatch.copy(status());
    after.getWaves().get(0).setSucceeded(42);
    after.getTotals().setSucceeded(42);
    after.getConditions().get(0).setMessage("wave 1: 42 of 100 devices succeeded");
    assertThat(CampaignStatusDiff.countsOnly(status(), after)).isTrue();
  }

  @Test
  void aNewWaveOrReasonIsNot() {
    UpdateCampaignStatus soaking = StatusPatch.copy(status());
    soaking.getWaves().get(0).setState(WaveStatus.State.Soaking);
    assertThat(CampaignStatusDiff.countsOnly(status(), soaking)).isFalse();
    UpdateCampaignStatus failed = StatusPatch.copy(status());
    failed.getConditions().get(0).setReason("WaveFailed");
    assertThat(CampaignStatusDiff.countsOnly(status(), failed)).isFalse();
    UpdateCampaignStatus next = StatusPatch.copy(status());
    next.setCurrentWave(2);
    assertThat(CampaignStatusDiff.countsOnly(status(), next)).isFalse();
  }
}
