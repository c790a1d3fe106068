package io.keyfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
  @Test
  void nearestRankPercentiles() {
    double[] sorted = new double[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }
    assertThat(LatencyRecorder.percentile(sorted, 50)).isEqualTo(50);
    assertThat(LatencyRecorder.percentile(sorted, 99)).isEqualTo(99);
    assertThat(LatencyRecorder.percentile(sorted, 100)).isEqualTo(100);
    assertThat(LatencyRecorder.percentile(new double[] {7}, 99)).isEqualTo(7);
    assertThat(LatencyRecorder.percentile(new double[0], 50)).isNaN();
  }

  @Test
  void firstReadyCountsAndEarlyEventsAreNotNegative() {
    LatencyRecorder r = new LatencyRecorder(3);
    r.created(0, 1_000_000);
    assertThat(r.ready(0, 5_000_000)).isTrue();
    assertThat(r.ready(0, 9_000_000)).isFalse();
    r.created(1, 8_000_000);
    r.ready(1, 7_000_000); // the watch event overtook the create's response
    r.created(2, 1_000_000); // never Ready
    assertThat(r.readyCount()).isEqualTo(2);
    assertThat(r.sortedLatenciesMillis()).containsExactly(0.0, 4.0);
    assertThat(r.lastReadyNanos()).isEqualTo(7_000_000);
    assertThat(r.ready(5, 1)).isFalse();
  }
}
