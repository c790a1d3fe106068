package io.keyfleet.operator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.UpdateCampaignStatus;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.api.v1alpha1.campaign.ManifestStatus;
import io.keyfleet.api.v1alpha1.campaign.WaveStatus;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PausedPhaseTest {
  @ParameterizedTest(name = "paused={0} pausedAt={1} generation={2} wave={3} rollback={4} -> {5}")
  @CsvSource({
    // spec.paused, pausedGeneration, generation, current wave (of 3), rolling back, expected phase, current wave after
    "true,  ,  1, 0, false, Paused,      0", // paused by a person: stays paused
    "false, ,  2, 1, false, Rolling,     1", // unpaused: goes on where it was
    "false, ,  2, 1, true,  RollingBack, 1", // unpaused during a rollback: the rollback goes on
    "false, 3, 3, 0, false, Paused,      0", // paused itself on a failed wave: waits for a person
    "true,  3, 4, 0, false, Paused,      0", // a person paused it explicitly meanwhile
    "false, 3, 5, 0, false, Rolling,     1", // a person changed the spec: the failure is accepted, wave 1 starts
    "false, 3, 5, 2, false, Failed,      2", // the failed wave was the last one: the campaign ends Failed
  })
  void decides(boolean paused, Long pausedGeneration, long generation, int wave, boolean rollingBack, CampaignPhase expected,
      int waveAfter) {
    var campaign = RolloutTest.campaign(100);
    campaign.getSpec().setPaused(paused);
    campaign.getMetadata().setGeneration(generation);
    UpdateCampaignStatus status = new UpdateCampaignStatus();
    status.setPhase(CampaignPhase.Paused);
    status.setPausedGeneration(pausedGeneration);
    status.setCurrentWave(wave);
    for (int i = 0; i < 3; i++) {
      WaveStatus w = new WaveStatus();
      w.setIndex(i);
      w.setState(i < wave ? WaveStatus.State.Passed : i == wave ? WaveStatus.State.Failed : WaveStatus.State.Waiting);
      status.getWaves().add(w);
    }
    if (rollingBack) {
      status.setRollbackManifest(new ManifestStatus());
    }
    CampaignStep step = new CampaignStep(campaign, Optional.empty(), status, Instant.parse("2026-06-01T12:00:00Z"));
    assertThat(new PausedPhase().handle(step)).isEqualTo(expected);
    assertThat(status.getCurrentWave()).isEqualTo(waveAfter);
    if (expected == CampaignPhase.Rolling && pausedGeneration != null) {
      assertThat(status.getPausedGeneration()).isNull();
      assertThat(status.getWaves().get(waveAfter).getState()).isEqualTo(WaveStatus.State.Rolling);
      assertThat(step.notes()).extracting(CampaignStep.Note::reason).contains("Resumed", "WaveStarted");
    }
  }
}
