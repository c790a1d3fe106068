package io.keyfleet.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.policy.MaintenanceWindow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaintenanceWindowsTest {
  @ParameterizedTest(name = "{0} {1} {2} at {3} -> {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Berlin is UTC+1 in winter, UTC+2 in summer.
        "0 1 * * * | 4h | Europe/Berlin | 2026-01-15T00:00:00Z | true",
        "0 1 * * * | 4h | Europe/Berlin | 2026-01-15T03:59:59Z | true",
        "0 1 * * * | 4h | Europe/Berlin | 2026-01-15T04:00:00Z | false",
        "0 1 * * * | 4h | Europe/Berlin | 2026-01-14T23:59:00Z | false",
        "0 1 * * * | 4h | Europe/Berlin | 2026-07-15T23:00:00Z | true",
        "0 1 * * * | 4h | Europe/Berlin | 2026-07-15T03:00:00Z | false",
        // a window that crosses midnight
        "0 22 * * * | 8h | UTC          | 2026-03-04T05:30:00Z | true",
        "0 22 * * * | 8h | UTC          | 2026-03-04T06:00:00Z | false",
        // weekend only
        "0 0 * * SAT | 48h | UTC        | 2026-03-08T23:59:00Z | true",
        "0 0 * * SAT | 48h | UTC        | 2026-03-09T00:00:00Z | false",
      })
  void opensAndCloses(String schedule, String duration, String zone, Instant at, boolean open) {
    MaintenanceWindow w = new MaintenanceWindow();
    w.setSchedule(schedule);
    w.setDuration(duration);
    w.setTimeZone(zone);
    assertThat(MaintenanceWindows.isOpen(w, at)).isEqualTo(open);
  }

  @Test
  void noWindowsMeansAlwaysOpen() {
    assertThat(MaintenanceWindows.isOpen(List.of(), Instant.parse("2026-03-04T12:00:00Z"))).isTrue();
  }

  @Test
  void anyOpenWindowIsEnough() {
    MaintenanceWindow night = new MaintenanceWindow();
    night.setSchedule("0 1 * * *");
    night.setDuration("1h");
    MaintenanceWindow noon = new MaintenanceWindow();
    noon.setSchedule("0 12 * * *");
    noon.setDuration("1h");
    assertThat(MaintenanceWindows.isOpen(List.of(night, noon), Instant.parse("2026-03-04T12:30:00Z"))).isTrue();
    assertThat(MaintenanceWindows.isOpen(List.of(night, noon), Instant.parse("2026-03-04T14:30:00Z"))).isFalse();
  }
}
