package io.keyfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.DeviceIdentityStatus;
import io.keyfleet.api.v1alpha1.identity.UpdateAssignment;
import org.junit.jupiter.api.Test;

class AssignmentTrackerTest {
  static final long S = 1_000_000_000L;

  @Test
  void ratesPerWaveAndOverallFromTheFirstAssignmentSeenOfEachDevice() {
    AssignmentTracker t = new AssignmentTracker("c", 10);
    t.assigned(0, 0, 1 * S);
    t.assigned(1, 1, 2 * S);
    t.assigned(2, 1, 3 * S);
    for (int i = 3; i < 10; i++) {
      t.assigned(i, 2, 6 * S + (i - 3) * S / 2); // 7 devices from 6 s to 9 s
    }
    assertThat(t.assigned(2, 1, 99 * S)).as("a later event of the same device").isFalse();
    assertThat(t.assigned()).isEqualTo(10);
    assertThat(t.waves()).extracting(AssignmentTracker.WaveAssignments::devices).containsExactly(1, 2, 7);
    assertThat(t.waves().get(0).perMinute()).as("one device has no rate").isNaN();
    assertThat(t.waves().get(1).perMinute()).isEqualTo(120);
    var largest = t.largestWave().orElseThrow();
    assertThat(largest.wave()).isEqualTo(2);
    assertThat(largest.perMinute()).isEqualTo(7 * 60 / 3.0);
    assertThat(t.overall().devices()).isEqualTo(10);
    assertThat(t.overall().seconds()).isEqualTo(9 - 1);
  }

  @Test
  void onlyTheCampaignsAssignmentsOfBenchDevicesCount() {
    AssignmentTracker t = new AssignmentTracker("c", 5);
    t.seen(device("bench-000001", "other", 0), 1);
    t.seen(device("bench-000002", null, 0), 1);
    t.seen(device("pump-1", "c", 0), 1);
    t.seen(device("bench-000003", "c", 1), 7);
    assertThat(t.assigned()).isEqualTo(1);
    assertThat(t.waves()).singleElement().satisfies(w -> assertThat(w.wave()).isEqualTo(1));
  }

  static DeviceIdentity device(String name, String campaign, int wave) {
    DeviceIdentity d = new DeviceIdentity();
    d.getMetadata().setName(name);
    DeviceIdentityStatus status = new DeviceIdentityStatus();
    if (campaign != null) {
      UpdateAssignment u = new UpdateAssignment();
      u.setCampaign(campaign);
      u.setSequence(1L);
      u.setWave(wave);
      status.setUpdate(u);
    }
    d.setStatus(status);
    return d;
  }
}
