package io.keyfleet.operator.campaign;

import static io.keyfleet.api.v1alpha1.common.ConditionTypes.READY;

import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.api.v1alpha1.campaign.DeviceTally;
import io.keyfleet.api.v1alpha1.campaign.WaveStatus;
import io.keyfleet.api.v1alpha1.common.Durations;
import io.keyfleet.operator.schedule.MaintenanceWindows;
import io.keyfleet.operator.status.Conditions.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Rolling: plans the waves once (sizes from the eligible count), then for the current wave
 * assigns devices in the campaign's order (within the rate limit and the maintenance windows),
 * counts their reports and asks {@link WaveGate} whether the wave passed or failed.
 */
final class RollingPhase implements PhaseHandler {
  static final Duration TICK = Duration.ofSeconds(2);
  private final Rollout rollout;

  RollingPhase(Rollout rollout) {
    this.rollout = rollout;
  }

  @Override
  public CampaignPhase handle(CampaignStep step) {
    var status = step.status();
    var spec = step.campaign().getSpec();
    var strategy = spec.getStrategy();
    if (status.getWaves().isEmpty()) {
      plan(step);
    }
    List<Integer> sizes = status.getWaves().stream().map(w -> (int) w.getEligible()).toList();
    long sequence = status.getManifest().getSequence();
    List<WaveTally> tallies = rollout.tally(step, sequence, sizes);
    int w = status.getCurrentWave() == null ? 0 : status.getCurrentWave();
    WaveStatus wave = status.getWaves().get(w);
    Duration soak = Durations.parse(strategy.getWaves().get(Math.min(w, strategy.getWaves().size() - 1)).getSoak());
    var gate = WaveGate.evaluate(tallies.get(w), strategy.getSuccessThreshold(), strategy.getFailureThreshold().getPercent(),
        strategy.getFailureThreshold().getMinDevices(), soak, wave.getSoakStartedAt() == null ? null : Instant.parse(wave.getSoakStartedAt()),
        step.now());
    record(status.getWaves(), tallies);
    status.setTotals(totals(tallies, status.getWaves()));
    if (Boolean.TRUE.equals(spec.getPaused())) {
      step.decide(Decision.isFalse(CampaignStep.PROGRESSING, "PausedByUser", "spec.paused is true: no new assignments"));
      step.event("Paused", "paused by spec.paused");
      return CampaignPhase.Paused;
    }
    switch (gate.verdict()) {
      case FAILED -> {
        return fail(step, w, gate.why());
      }
      case PASSED -> {
        wave.setState(WaveStatus.State.Passed);
        wave.setSoakStartedAt(gate.soakStartedAt() == null ? null : step.format(gate.soakStartedAt()));
        wave.setFinishedAt(step.format(step.now()));
        step.event("WavePassed", "wave " + w + " passed: " + gate.why());
        if (w == sizes.size() - 1) {
          status.setCompletedAt(step.format(step.now()));
          step.decide(Decision.isFalse(CampaignStep.PROGRESSING, "Succeeded", "every wave passed"));
          step.decide(Decision.isTrue(READY, "Succeeded", "the campaign succeeded"));
          step.event("Succeeded", "every wave passed; " + status.getTotals().getSucceeded() + " devices updated");
          return CampaignPhase.Succeeded;
        }
        status.setCurrentWave(w + 1);
        start(step, status.getWaves().get(w + 1));
        step.decide(Decision.isTrue(CampaignStep.PROGRESSING, "Wave" + (w + 1), "wave " + w + " passed; wave " + (w + 1) + " started"));
        step.recheckWithin(Duration.ZERO);
        return CampaignPhase.Rolling;
      }
      case SOAKING -> {
        wave.setState(WaveStatus.State.Soaking);
        wave.setSoakStartedAt(step.format(gate.soakStartedAt()));
        step.recheckWithin(Duration.between(step.now(), gate.recheckAt()).plusMillis(100));
      }
      case ROLLING -> wave.setState(WaveStatus.State.Rolling);
    }
    step.decide(Decision.isTrue(READY, "Rolling", "the campaign is rolling out"));
    step.decide(Decision.isTrue(CampaignStep.PROGRESSING, "Wave" + w, "wave " + w + ": " + gate.why()));
    assignWave(step, w, tallies.get(w));
    step.recheckWithin(TICK);
    return CampaignPhase.Rolling;
  }

  private void assignWave(CampaignStep step, int w, WaveTally tally) {
    var status = step.status();
    var spec = step.campaign().getSpec();
    int missing = tally.size() - tally.assigned() - tally.skipped();
    if (missing <= 0) {
      return;
    }
    if (!MaintenanceWindows.isOpen(spec.getStrategy().getWindows(), step.now())) {
      step.decide(Decision.isTrue(CampaignStep.PROGRESSING, "OutsideWindow",
          "wave " + w + ": " + missing + " devices wait for a maintenance window (spec.strategy.windows)"));
      step.recheckWithin(Duration.ofMinutes(1));
      return;
    }
    int allowed = rollout.allowance(step, missing);
    if (allowed == 0) {
      return;
    }
    rollout.assign(step, rollout.ledger().fleet(step.fleetKey()),
        d -> !Rollout.takenBy(step, d) && Eligibility.check(d, spec, step.campaign().getMetadata().getName()) == Eligibility.Verdict.ELIGIBLE,
        allowed, status.getManifest(), spec.getFirmware().getVersion(), w, false);
  }

  private void plan(CampaignStep step) {
    var status = step.status();
    int eligible = rollout.eligibleCount(step);
    List<Integer> sizes = WavePlan.sizes(step.campaign().getSpec().getStrategy().getWaves(), eligible);
    for (int i = 0; i < sizes.size(); i++) {
      WaveStatus wave = new WaveStatus();
      wave.setIndex(i);
      wave.setEligible(sizes.get(i));
      wave.setState(WaveStatus.State.Waiting);
      status.getWaves().add(wave);
    }
    status.setCurrentWave(0);
    status.setStartedAt(step.format(step.now()));
    start(step, status.getWaves().get(0));
  }

  private static void start(CampaignStep step, WaveStatus wave) {
    wave.setState(WaveStatus.State.Rolling);
    wave.setStartedAt(step.format(step.now()));
    step.event("WaveStarted", "wave " + wave.getIndex() + " started: " + wave.getEligible() + " devices");
  }

  private static CampaignPhase fail(CampaignStep step, int w, String why) {
    var status = step.status();
    WaveStatus wave = status.getWaves().get(w);
    wave.setState(WaveStatus.State.Failed);
    wave.setFinishedAt(step.format(step.now()));
    step.warning("WaveFailed", "wave " + w + " failed: " + why);
    String message = "wave " + w + " failed: " + why;
    step.decide(Decision.isFalse(READY, "WaveFailed", message));
    switch (step.campaign().getSpec().getStrategy().getOnFailure()) {
      case Abort -> {
        status.setCompletedAt(step.format(step.now()));
        step.decide(Decision.isFalse(CampaignStep.PROGRESSING, "Aborted", message + "; onFailure is Abort: no more assignments"));
        step.warning("Aborted", "aborted after " + message);
        return CampaignPhase.Aborted;
      }
      case Rollback -> {
        step.decide(Decision.isFalse(CampaignStep.PROGRESSING, "WaveFailed", message + "; onFailure is Rollback: rolling back"));
        return CampaignPhase.RollingBack;
      }
      default -> {
        status.setPausedGeneration(step.campaign().getMetadata().getGeneration());
        step.decide(Decision.isFalse(CampaignStep.PROGRESSING, "WaveFailed",
            message + "; onFailure is Pause: no new assignments until a person edits the campaign (e.g. spec.paused true, then false)"));
        step.warning("Paused", "paused after " + message);
        return CampaignPhase.Paused;
      }
    }
  }

  /** Copies the tallies into the waves' status. */
  static void record(List<WaveStatus> waves, List<WaveTally> tallies) {
    for (int i = 0; i < waves.size(); i++) {
      WaveStatus s = waves.get(i);
      WaveTally t = tallies.get(i);
      s.setAssigned(t.assigned());
      s.setInProgress(t.inProgress());
      s.setSucceeded(t.succeeded());
      s.setFailed(t.failed());
      s.setTimedOut(t.timedOut());
      s.setSkipped(t.skipped());
    }
  }

  static DeviceTally totals(List<WaveTally> tallies, List<WaveStatus> waves) {
    DeviceTally total = new DeviceTally();
    for (int i = 0; i < tallies.size(); i++) {
      WaveTally t = tallies.get(i);
      total.setEligible(total.getEligible() + waves.get(i).getEligible());
      total.setAssigned(total.getAssigned() + t.assigned());
      total.setInProgress(total.getInProgress() + t.inProgress());
      total.setSucceeded(total.getSucceeded() + t.succeeded());
      total.setFailed(total.getFailed() + t.failed());
      total.setTimedOut(total.getTimedOut() + t.timedOut());
      total.setSkipped(total.getSkipped() + t.skipped());
    }
    return total;
  }
}
