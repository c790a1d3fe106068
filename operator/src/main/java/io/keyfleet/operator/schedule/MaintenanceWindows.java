package io.keyfleet.operator.schedule;

import io.keyfleet.api.v1alpha1.common.Durations;
import io.keyfleet.api.v1alpha1.policy.MaintenanceWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Whether routine changes may happen now, by a list of maintenance windows. */
public final class MaintenanceWindows {
  private MaintenanceWindows() {}

  /** True when no windows are configured or one of them is open at the instant. */
  public static boolean isOpen(List<MaintenanceWindow> windows, Instant at) {
    if (windows == null || windows.isEmpty()) {
      return true;
    }
    return windows.stream().anyMatch(w -> isOpen(w, at));
  }

  /** True when the window started within its duration before the instant (the start included). */
  public static boolean isOpen(MaintenanceWindow window, Instant at) {
    CronSchedule schedule = CronSchedule.parse(window.getSchedule());
    Duration length = Durations.parse(window.getDuration());
    ZoneId zone = ZoneId.of(window.getTimeZone() == null ? "UTC" : window.getTimeZone());
    ZonedDateTime now = at.atZone(zone).truncatedTo(ChronoUnit.MINUTES);
    long minutes = Math.max(0, length.toMinutes() - 1);
    // A window of length L opened at a start S covers [S, S + L); look back through L minutes.
    for (long back = 0; back <= minutes; back++) {
      if (schedule.matches(now.minusMinutes(back))) {
        return true;
      }
    }
    return false;
  }
}
