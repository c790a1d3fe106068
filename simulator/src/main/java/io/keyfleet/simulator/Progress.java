package io.keyfleet.simulator;

import java.util.Map;

/** How many devices are in each state, for the progress line and the summary. */
public record Progress(int devices, Map<DeviceState, Integer> counts) {
  public int count(DeviceState state) {
    return counts.getOrDefault(state, 0);
  }

  /** One line: {@code devices 1000 | issued 1000 | idle 12 | downloading 3 | ...}. */
  public String line() {
    StringBuilder b = new StringBuilder("devices ").append(devices).append(" | issued ").append(devices - count(DeviceState.WAITING));
    for (DeviceState s : DeviceState.values()) {
      if (s != DeviceState.WAITING) {
        b.append(" | ").append(s.name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(count(s));
      }
    }
    return b.toString();
  }
}
