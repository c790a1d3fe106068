package io.keyfleet.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;

/**
 * How each simulated device behaves, decided from its name alone (a hash), so that a run can be
 * repeated: whether it is offline, how long it takes to install, whether it fails a version, and
 * the model an enrolled device gets.
 */
public final class DeviceProfiles {
  private final SimulatorOptions options;

  public DeviceProfiles(SimulatorOptions options) {
    this.options = options;
  }

  public boolean offline(String device) {
    return unit(device, "offline") < options.offline();
  }

  /** Between 50 % and 150 % of the mean install time. */
  public Duration installTime(String device) {
    return Duration.ofMillis(Math.round(options.installTime().toMillis() * (0.5 + unit(device, "install"))));
  }

  public boolean failsToInstall(String device, String version) {
    Double rate = options.failureRates().get(version);
    return rate != null && unit(device, "fail|" + version) < rate;
  }

  /** The model of the n-th enrolled device: the weights spread over every block of their sum. */
  public String model(int n) {
    Map<String, Integer> models = options.models();
    int total = models.values().stream().mapToInt(Integer::intValue).sum();
    int slot = Math.floorMod(n, total);
    for (var e : models.entrySet()) {
      if (slot < e.getValue()) {
        return e.getKey();
      }
      slot -= e.getValue();
    }
    throw new IllegalStateException("unreachable");
  }

  /** A number in [0, 1) from the device name and a purpose. */
  static double unit(String device, String purpose) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest((purpose + "|" + device).getBytes(StandardCharsets.UTF_8));
      long v = 0;
      for (int i = 0; i < 7; i++) {
        v = (v << 8) | (h[i] & 0xff);
      }
      return v / (double) (1L << 56);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
