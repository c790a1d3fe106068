package io.keyfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportLagTest {
  static final long MS = 1_000_000;

  static CampaignWatch.Count count(long ms, long succeeded) {
    return new CampaignWatch.Count(ms * MS, succeeded);
  }

  @Test
  void eachReportWaitsForTheFirstCountThatReachesItsRank() {
    long[] reports = {100 * MS, 110 * MS, 120 * MS, 500 * MS};
    // The first status shows 2 (reports 1 and 2), the next 3, the last 4.
    var lag = ReportLag.of(reports, List.of(count(300, 2), count(400, 3), count(1500, 4)));
    assertThat(lag.sortedMillis()).containsExactly(190, 200, 280, 1000);
    assertThat(lag.uncounted()).isZero();
    assertThat(lag.percentile(100)).isEqualTo(1000);
  }

  @Test
  void aCountSeenBeforeTheApplyReturnedIsNoLagAndACountNeverReachedIsUncounted() {
    long[] reports = {100 * MS, 200 * MS, 300 * MS};
    var lag = ReportLag.of(reports, List.of(count(90, 1), count(250, 2)));
    assertThat(lag.sortedMillis()).containsExactly(0, 50);
    assertThat(lag.uncounted()).isEqualTo(1);
  }

  @Test
  void noReportsNoLags() {
    var lag = ReportLag.of(new long[0], List.of());
    assertThat(lag.sortedMillis()).isEmpty();
    assertThat(lag.percentile(99)).isNaN();
  }
}
