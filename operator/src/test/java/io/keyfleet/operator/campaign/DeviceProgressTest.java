package io.keyfleet.operator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.identity.UpdateState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceProgressTest {
  static final Instant ASSIGNED = Instant.parse("2026-06-01T10:00:00Z");

  @ParameterizedTest(name = "{0} seq={1} after {2} min -> {3}")
  @CsvSource({
    ",            , 10,  ASSIGNED",
    "Idle,        7, 10,  ASSIGNED",
    "Downloading, 7, 10,  IN_PROGRESS",
    "Installing,  7, 10,  IN_PROGRESS",
    "Succeeded,   7, 10,  SUCCEEDED",
    "Failed,      7, 10,  FAILED",
    "Rejected,    7, 10,  FAILED",
    "Succeeded,   6, 10,  ASSIGNED", // a report about an older manifest says nothing about this one
    "Failed,      6, 10,  ASSIGNED",
    "Downloading, 7, 120, TIMED_OUT", // deviceTimeout 2h
    "Succeeded,   7, 500, SUCCEEDED", // a result counts whenever it came
    ",            , 120, TIMED_OUT",
  })
  void classifies(UpdateState state, Long sequence, int minutes, DeviceProgress expected) {
    assertThat(DeviceProgress.of(state, sequence, 7, ASSIGNED, Duration.ofHours(2), ASSIGNED.plus(Duration.ofMinutes(minutes))))
        .isEqualTo(expected);
  }
}
