package io.keyfleet.operator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.operator.fleet.FleetDeviceCounts.DeviceState;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FleetDeviceCountsTest {
  static DeviceState device(long notAfter, boolean revoked) {
    return new DeviceState(!revoked && notAfter != 0, false, false, revoked, false, null, notAfter);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    // devices as notAfter:revoked, expected earliest (empty: none)
    "1000:false 2000:false   | 1000",
    "1000:true 2000:false    | 2000", // a revoked device's certificate is not current
    "0:false 3000:false      | 3000", // no certificate yet
    "0:false 1000:true       | ",
    "                        | ",
  })
  void theEarliestExpiryIsAmongCurrentUnrevokedCertificates(String devices, Long expected) {
    FleetDeviceCounts counts = new FleetDeviceCounts();
    int i = 0;
    for (String d : devices == null ? new String[0] : devices.trim().split("\\s+")) {
      String[] f = d.split(":");
      counts.record("icu/pumps", "uid-" + i++, device(Long.parseLong(f[0]), Boolean.parseBoolean(f[1])));
    }
    counts.record("icu/monitors", "other", device(10, false));
    assertThat(counts.earliestNotAfter("icu/pumps")).isEqualTo(Optional.ofNullable(expected).map(Instant::ofEpochSecond));
  }
}
