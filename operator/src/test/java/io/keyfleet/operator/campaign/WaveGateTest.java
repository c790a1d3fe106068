package io.keyfleet.operator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.operator.campaign.WaveGate.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WaveGateTest {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @ParameterizedTest(name = "size={0} assigned={1} ok={2} failed={3} timedOut={4} skipped={5} soak={6} since={7} -> {8}")
  @CsvSource({
    // size, assigned, succeeded, failed, timedOut, skipped, soak, soak started (min ago), expected
    "30, 0,  0,  0, 0, 0, 0s,  , ROLLING", // nothing assigned yet
    "30, 30, 10, 0, 0, 0, 0s,  , ROLLING", // going well, not there yet
    "30, 30, 29, 0, 0, 0, 0s,  , PASSED", // 96.7% >= 95%, no soak
    "30, 30, 29, 0, 0, 0, 1h,  , SOAKING", // threshold met: the soak starts now
    "30, 30, 29, 0, 0, 0, 1h, 30, SOAKING", // half-way through the soak
    "30, 30, 29, 0, 0, 0, 1h, 60, PASSED", // soak over
    "30, 30, 24, 6, 0, 0, 0s,  , FAILED", // 20% failed > 5%
    "30, 30, 28, 1, 1, 0, 1h, 30, FAILED", // 2 of 30 = 6.7% failed or timed out
    "100, 100, 90, 5, 0, 0, 0s, , ROLLING", // exactly 5%: not more than the threshold
    "100, 100, 90, 5, 1, 0, 0s, , FAILED", // 6%: timed-out devices count as failures
    "100, 100, 3, 7, 0, 0, 0s, , FAILED", // judged once 10 (minDevices) finished
    "100, 100, 2, 7, 0, 0, 0s, , ROLLING", // only 9 finished: not judged yet
    "5,  5,  0,  2, 0, 0, 0s,  , ROLLING", // a wave smaller than minDevices is judged once all of it finished
    "5,  5,  3,  2, 0, 0, 0s,  , FAILED",
    "30, 30, 0,  0, 0, 30, 0s, , PASSED", // every device left the wave (revoked)
    "20, 20, 18, 1, 0, 0, 0s,  , ROLLING", // 5% failed is allowed; 90% succeeded, one still at it
    "20, 20, 19, 1, 0, 0, 0s,  , PASSED", // 95% succeeded
    "40, 40, 37, 2, 0, 0, 0s,  , ROLLING", // 2 of 40 = 5% failed: allowed; one device still at it
    "40, 40, 37, 2, 1, 0, 0s,  , FAILED", // every device finished, 92.5% < 95%: the wave cannot pass
  })
  void judgesTheWave(int size, int assigned, int succeeded, int failed, int timedOut, int skipped, String soak, Integer minutesAgo,
      Verdict expected) {
    WaveTally t = new WaveTally(size, assigned, assigned - succeeded - failed - timedOut, succeeded, failed, timedOut, skipped);
    Instant since = minutesAgo == null ? null : NOW.minus(Duration.ofMinutes(minutesAgo));
    var result = WaveGate.evaluate(t, 95, 5, 10, io.keyfleet.api.v1alpha1.common.Durations.parse(soak), since, NOW);
    assertThat(result.verdict()).as(result.why()).isEqualTo(expected);
  }
}
