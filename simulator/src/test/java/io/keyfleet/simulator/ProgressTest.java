package io.keyfleet.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void lineCountsEveryStateAfterTheIssuedDevices() {
    Map<DeviceState, Integer> counts = new EnumMap<>(DeviceState.class);
    counts.put(DeviceState.WAITING, 5);
    counts.put(DeviceState.IDLE, 12);
    counts.put(DeviceState.DOWNLOADING, 3);
    counts.put(DeviceState.INSTALLING, 4);
    counts.put(DeviceState.SUCCEEDED, 950);
    counts.put(DeviceState.FAILED, 6);
    counts.put(DeviceState.REJECTED, 2);
    counts.put(DeviceState.OFFLINE, 17);
    counts.put(DeviceState.REVOKED, 1);

    assertThat(new Progress(1000, counts).line()).isEqualTo(
        "devices 1000 | issued 995 | idle 12 | downloading 3 | installing 4 | succeeded 950 | failed 6 | rejected 2 | offline 17 | revoked 1");
  }

  @Test
  void missingStatesCountZero() {
    Progress p = new Progress(3, Map.of(DeviceState.SUCCEEDED, 2, DeviceState.WAITING, 1));

    assertThat(p.count(DeviceState.SUCCEEDED)).isEqualTo(2);
    assertThat(p.count(DeviceState.FAILED)).isZero();
    assertThat(p.line()).isEqualTo(
        "devices 3 | issued 2 | idle 0 | downloading 0 | installing 0 | succeeded 2 | failed 0 | rejected 0 | offline 0 | revoked 0");
  }

  @Test
  void noDevices() {
    assertThat(new Progress(0, Map.of()).line()).isEqualTo(
        "devices 0 | issued 0 | idle 0 | downloading 0 | installing 0 | succeeded 0 | failed 0 | rejected 0 | offline 0 | revoked 0");
  }
}
