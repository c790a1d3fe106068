package io.keyfleet.operator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.DeviceIdentitySpec;
import io.keyfleet.api.v1alpha1.DeviceIdentityStatus;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.UpdateCampaignSpec;
import io.keyfleet.api.v1alpha1.UpdateCampaignStatus;
import io.keyfleet.api.v1alpha1.campaign.RolloutStrategy;
import io.keyfleet.api.v1alpha1.common.ObjectRef;
import io.keyfleet.api.v1alpha1.identity.ReportedState;
import io.keyfleet.api.v1alpha1.identity.UpdateAssignment;
import io.keyfleet.api.v1alpha1.identity.UpdateState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Counting from the ledger and the assignment rate limit, without an API server. */
class RolloutTest {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  static UpdateCampaign campaign(int perMinute) {
    UpdateCampaign c = new UpdateCampaign();
    c.getMetadata().setNamespace("icu");
    c.getMetadata().setName("x2");
    UpdateCampaignSpec spec = new UpdateCampaignSpec();
    spec.setFleetRef(new ObjectRef("pumps"));
    RolloutStrategy strategy = new RolloutStrategy();
    strategy.setMaxDevicesPerMinute(perMinute);
    strategy.setDeviceTimeout("1h");
    spec.setStrategy(strategy);
    var firmware = new io.keyfleet.api.v1alpha1.campaign.FirmwareSpec();
    firmware.setVersion("2.4.1");
    firmware.setModels(List.of("pump-x2"));
    spec.setFirmware(firmware);
    c.setSpec(spec);
    return c;
  }

  static CampaignStep step(UpdateCampaign c, Instant now) {
    return new CampaignStep(c, Optional.empty(), new UpdateCampaignStatus(), now);
  }

  static DeviceIdentity device(int i, Long sequence, Integer wave, UpdateState reported, Long reportedSequence, boolean revoked) {
    DeviceIdentity d = new DeviceIdentity();
    d.getMetadata().setNamespace("icu");
    d.getMetadata().setName("pump-" + i);
    d.getMetadata().setUid("uid-" + i);
    DeviceIdentitySpec spec = new DeviceIdentitySpec();
    spec.setFleetRef(new ObjectRef("pumps"));
    spec.setDeviceId("PUMP-" + i);
    spec.setModel("pump-x2");
    spec.setRevoked(revoked);
    d.setSpec(spec);
    DeviceIdentityStatus status = new DeviceIdentityStatus();
    if (sequence != null) {
      UpdateAssignment u = new UpdateAssignment();
      u.setCampaign("x2");
      u.setSequence(sequence);
      u.setWave(wave);
      u.setAssignedAt(NOW.minus(Duration.ofMinutes(10)).toString());
      status.setUpdate(u);
    }
    if (reported != null) {
      ReportedState r = new ReportedState();
      r.setUpdateState(reported);
      r.setSequence(reportedSequence);
      status.setReported(r);
    }
    d.setStatus(status);
    return d;
  }

  @Test
  void talliesCountOnlyTheCampaignsManifestByWave() {
    DeviceLedger ledger = new DeviceLedger();
    ledger.upsert(device(1, 7L, 0, UpdateState.Succeeded, 7L, false));
    ledger.upsert(device(2, 7L, 0, UpdateState.Failed, 7L, false));
    ledger.upsert(device(3, 7L, 0, UpdateState.Succeeded, 6L, false)); // a report on another manifest
    ledger.upsert(device(4, 7L, 1, UpdateState.Installing, 7L, false));
    ledger.upsert(device(5, 7L, 1, null, null, true)); // revoked after its assignment
    ledger.upsert(device(6, 9L, 1, UpdateState.Succeeded, 9L, false)); // the rollback manifest
    ledger.upsert(device(7, null, null, null, null, false)); // not assigned
    Rollout rollout = new Rollout(ledger, null);
    List<WaveTally> tallies = rollout.tally(step(campaign(100), NOW), 7, List.of(3, 10));
    assertThat(tallies.get(0)).isEqualTo(new WaveTally(3, 3, 1, 1, 1, 0, 0));
    assertThat(tallies.get(1)).isEqualTo(new WaveTally(10, 1, 1, 0, 0, 0, 1));
    var timedOut = rollout.tally(step(campaign(100), NOW.plus(Duration.ofHours(1))), 7, List.of(3, 10));
    assertThat(timedOut.get(0).timedOut()).as("no report on its manifest within deviceTimeout").isEqualTo(1);
    assertThat(timedOut.get(1).timedOut()).isEqualTo(1);
  }

  @Test
  void theRateLimitGrantsAMinutesWorthThenRefillsSteadily() {
    Rollout rollout = new Rollout(new DeviceLedger(), null);
    UpdateCampaign c = campaign(60);
    assertThat(rollout.allowance(step(c, NOW), 100)).isEqualTo(60);
    assertThat(rollout.allowance(step(c, NOW), 100)).isZero();
    assertThat(rollout.allowance(step(c, NOW.plusSeconds(10)), 100)).isEqualTo(10);
    assertThat(rollout.allowance(step(c, NOW.plusSeconds(11)), 100)).isEqualTo(1);
    assertThat(rollout.allowance(step(c, NOW.plusSeconds(20)), 3)).as("never more than asked").isEqualTo(3);
  }
}
