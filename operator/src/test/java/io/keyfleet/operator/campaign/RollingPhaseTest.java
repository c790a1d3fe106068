package io.keyfleet.operator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.UpdateCampaignStatus;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.api.v1alpha1.campaign.FailureAction;
import io.keyfleet.api.v1alpha1.campaign.FailureThreshold;
import io.keyfleet.api.v1alpha1.campaign.ManifestStatus;
import io.keyfleet.api.v1alpha1.campaign.Wave;
import io.keyfleet.api.v1alpha1.campaign.WaveStatus;
import io.keyfleet.api.v1alpha1.identity.UpdateState;
import io.keyfleet.api.v1alpha1.policy.MaintenanceWindow;
import io.keyfleet.operator.status.Conditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One reconcile of a rolling campaign whose current wave (wave 0 of two, 10 devices, all assigned)
 * has the given reports: what the phase handler decides, with no API server (nothing is left to
 * assign, so no write is made).
 */
class RollingPhaseTest {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @ParameterizedTest(name = "{0} succeeded, {1} failed, onFailure={2}, paused={3}, soak={4} -> {5} ({6})")
  @CsvSource({
    // succeeded, failed, onFailure, spec.paused, soak of wave 0, expected phase, Progressing reason, current wave after
    "10, 0, Pause,    false, 0s, Rolling,     Wave1,        1", // passed: the next wave starts
    "10, 0, Pause,    false, 1h, Rolling,     Wave0,        0", // threshold met: soaking
    "5,  0, Pause,    false, 0s, Rolling,     Wave0,        0", // still rolling
    "8,  2, Pause,    false, 0s, Paused,      WaveFailed,   0", // 20% failed: paused, waits for a person
    "8,  2, Abort,    false, 0s, Aborted,     Aborted,      0",
    "8,  2, Rollback, false, 0s, RollingBack, WaveFailed,   0",
    "5,  0, Pause,    true,  0s, Paused,      PausedByUser, 0", // spec.paused stops it at once
  })
  void decides(int succeeded, int failed, FailureAction onFailure, boolean paused, String soak, CampaignPhase expected, String reason,
      int waveAfter) {
    DeviceLedger ledger = new DeviceLedger();
    for (int i = 0; i < 10; i++) {
      UpdateState state = i < succeeded ? UpdateState.Succeeded : i < succeeded + failed ? UpdateState.Failed : UpdateState.Installing;
      ledger.upsert(RolloutTest.device(i, 7L, 0, state, 7L, false));
    }
    UpdateCampaign campaign = RolloutTest.campaign(1000);
    campaign.getSpec().setPaused(paused);
    var strategy = campaign.getSpec().getStrategy();
    strategy.setOnFailure(onFailure);
    strategy.setSuccessThreshold(95);
    FailureThreshold threshold = new FailureThreshold();
    threshold.setPercent(5);
    threshold.setMinDevices(5);
    strategy.setFailureThreshold(threshold);
    strategy.setWaves(new ArrayList<>(List.of(wave(soak), wave("0s"))));
    UpdateCampaignStatus status = rolling(10, 90);
    CampaignStep step = new CampaignStep(campaign, Optional.empty(), status, NOW);

    CampaignPhase next = new RollingPhase(new Rollout(ledger, null)).handle(step);

    assertThat(next).isEqualTo(expected);
    assertThat(step.decisions()).filteredOn(d -> d.type().equals(CampaignStep.PROGRESSING)).singleElement()
        .satisfies(d -> assertThat(d.reason()).isEqualTo(reason));
    assertThat(status.getCurrentWave()).isEqualTo(waveAfter);
    assertThat(status.getWaves().get(0).getSucceeded()).isEqualTo(succeeded);
    assertThat(status.getTotals().getFailed()).isEqualTo(failed);
    if (expected == CampaignPhase.Paused && !paused) {
      assertThat(status.getPausedGeneration()).isEqualTo(campaign.getMetadata().getGeneration());
      assertThat(status.getWaves().get(0).getState()).isEqualTo(WaveStatus.State.Failed);
    }
    if (soak.equals("1h") && succeeded == 10) {
      assertThat(status.getWaves().get(0).getState()).isEqualTo(WaveStatus.State.Soaking);
      assertThat(status.getWaves().get(0).getSoakStartedAt()).isEqualTo(Conditions.format(NOW));
      assertThat(step.recheck()).isPresent();
    }
  }

  @ParameterizedTest(name = "window {0}")
  @CsvSource({"'0 3 * * *', OutsideWindow", "'0 12 * * *', Wave1"})
  void newAssignmentsWaitForAWindow(String schedule, String reason) {
    UpdateCampaign campaign = RolloutTest.campaign(1000);
    campaign.getSpec().getStrategy().setWaves(new ArrayList<>(List.of(wave("0s"), wave("0s"))));
    MaintenanceWindow window = new MaintenanceWindow();
    window.setSchedule(schedule);
    window.setDuration("1h");
    window.setTimeZone("UTC");
    campaign.getSpec().getStrategy().getWindows().add(window);
    UpdateCampaignStatus status = rolling(0, 5);
    status.setCurrentWave(1);
    status.getWaves().get(0).setState(WaveStatus.State.Passed);
    CampaignStep step = new CampaignStep(campaign, Optional.empty(), status, NOW);
    if (reason.equals("Wave1")) {
      // inside the window the wave would assign: with no devices to pick from, nothing is written
      new RollingPhase(new Rollout(new DeviceLedger(), new UpdateAssigner(null, new DeviceLedger(), 1))).handle(step);
    } else {
      new RollingPhase(new Rollout(new DeviceLedger(), null)).handle(step);
    }
    assertThat(step.decisions()).filteredOn(d -> d.type().equals(CampaignStep.PROGRESSING)).singleElement()
        .satisfies(d -> assertThat(d.reason()).isEqualTo(reason));
  }

  static Wave wave(String soak) {
    Wave w = new Wave();
    w.setPercent(50);
    w.setSoak(soak);
    return w;
  }

  /** A campaign rolling wave 0 with the given wave sizes and manifest sequence 7. */
  static UpdateCampaignStatus rolling(int... sizes) {
    UpdateCampaignStatus status = new UpdateCampaignStatus();
    status.setPhase(CampaignPhase.Rolling);
    ManifestStatus manifest = new ManifestStatus();
    manifest.setSequence(7L);
    manifest.setReference("registry.example/keyfleet/icu@sha256:" + "ab".repeat(32));
    status.setManifest(manifest);
    status.setCurrentWave(0);
    for (int i = 0; i < sizes.length; i++) {
      WaveStatus w = new WaveStatus();
      w.setIndex(i);
      w.setEligible(sizes[i]);
      w.setState(i == 0 ? WaveStatus.State.Rolling : WaveStatus.State.Waiting);
      status.getWaves().add(w);
    }
    return status;
  }
}
