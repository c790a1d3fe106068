package io.keyfleet.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The report-to-count lag: for the k-th report in time order (its apply returned at
 * {@code reports[k-1]}), the time until the campaign's {@code status.totals.succeeded}, as the
 * watch delivered it, first reached k or more. A count seen before the report returned is a lag
 * of 0 (the API server's watch can overtake the apply's response).
 *
 * @param sortedMillis the lags in milliseconds, sorted, of the reports that were counted
 * @param uncounted reports the succeeded count never reached
 */
public record ReportLag(double[] sortedMillis, int uncounted) {

  /**
   * @param reports when each report's apply returned, in time order (System.nanoTime())
   * @param counts each rise of the succeeded count, in order
   */
  public static ReportLag of(long[] reports, List<CampaignWatch.Count> counts) {
    double[] lags = new double[reports.length];
    int n = 0;
    int j = 0;
    for (int k = 1; k <= reports.length; k++) {
      while (j < counts.size() && counts.get(j).succeeded() < k) {
        j++;
      }
      if (j == counts.size()) {
        break;
      }
      lags[n++] = Math.max(0, counts.get(j).nanos() - reports[k - 1]) / 1e6;
    }
    double[] sorted = Arrays.copyOf(lags, n);
    Arrays.sort(sorted);
    return new ReportLag(sorted, reports.length - n);
  }

  public double percentile(double p) {
    return LatencyRecorder.percentile(sortedMillis, p);
  }
}
