package io.keyfleet.bench;

import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The campaign's own figures, from what the watches and the simulated connector recorded: the
 * assignment rates against the baseline, the report-to-count lag, the durations, the status
 * writes, and the goals. Times are seconds from the campaign's create call.
 */
final class CampaignFigures {
  static final double GOAL_ASSIGNED_PER_MINUTE = 10_000;
  static final double GOAL_REPORT_LAG_P99_MS = 5_000;

  private final Figures figures;
  private final int devices;
  private final long created;

  CampaignFigures(Figures figures, int devices, long createdNanos) {
    this.figures = figures;
    this.devices = devices;
    this.created = createdNanos;
  }

  private double since(long nanos) {
    return nanos == 0 ? Double.NaN : Figures.round((nanos - created) / 1e9, 2);
  }

  void assignments(AssignmentTracker tracker, double rawPerMinute) {
    AssignmentTracker.WaveAssignments all = tracker.overall();
    figures.put("assigned", all.devices())
        .put("createToFirstAssignmentSeconds", since(all.firstNanos()))
        .put("assignmentSeconds", Figures.round(all.seconds(), 2))
        .put("devicesAssignedPerMinute", Figures.round(all.perMinute(), 0))
        .put("ratioToRawStatusApplies", Figures.round(all.perMinute() / rawPerMinute, 3));
    figures.line("assignments seen: %d/%d, the first %.2f s after the create, the last %.2f s after the first: %.0f/min,"
            + " %.3f x the raw status-apply rate", all.devices(), devices, since(all.firstNanos()), all.seconds(), all.perMinute(),
        all.perMinute() / rawPerMinute);
    List<Map<String, Object>> waves = new ArrayList<>();
    for (AssignmentTracker.WaveAssignments w : tracker.waves()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("wave", w.wave());
      m.put("devices", w.devices());
      m.put("firstSeconds", since(w.firstNanos()));
      m.put("lastSeconds", since(w.lastNanos()));
      m.put("perMinute", Double.isNaN(w.perMinute()) ? null : Figures.round(w.perMinute(), 0));
      waves.add(m);
      figures.line("  wave %d: %d devices assigned from %.2f s to %.2f s: %.0f/min", w.wave(), w.devices(), since(w.firstNanos()),
          since(w.lastNanos()), w.perMinute());
    }
    figures.put("waves", waves);
    tracker.largestWave().ifPresent(w -> {
      figures.put("largestWaveDevices", w.devices())
          .put("largestWaveAssignedPerMinute", Figures.round(w.perMinute(), 0))
          .put("largestWaveRatioToRawStatusApplies", Figures.round(w.perMinute() / rawPerMinute, 3));
      figures.line("largest wave alone (wave %d, %d devices): %.0f/min, %.3f x the raw status-apply rate", w.wave(), w.devices(),
          w.perMinute(), w.perMinute() / rawPerMinute);
    });
  }

  void reports(SimulatedConnector connector, CampaignWatch watch) {
    ReportLag lag = ReportLag.of(connector.reportTimes(), watch.counts());
    figures.put("reports", connector.reported()).put("reportErrors", connector.failures())
        .put("reportsUncounted", lag.uncounted())
        .put("reportLagP50Ms", Figures.round(lag.percentile(50), 1))
        .put("reportLagP90Ms", Figures.round(lag.percentile(90), 1))
        .put("reportLagP99Ms", Figures.round(lag.percentile(99), 1))
        .put("reportLagMaxMs", Figures.round(lag.percentile(100), 1));
    figures.line("Succeeded reports: %d applied (%d failed), %d never counted; report-to-count lag p50 %.0f ms, p90 %.0f ms,"
            + " p99 %.0f ms, max %.0f ms", connector.reported(), connector.failures(), lag.uncounted(), lag.percentile(50),
        lag.percentile(90), lag.percentile(99), lag.percentile(100));
  }

  void durations(CampaignWatch watch) {
    Map<String, Double> phases = new LinkedHashMap<>();
    watch.phases().forEach((phase, nanos) -> phases.put(phase.name(), since(nanos)));
    long allCounted = watch.counts().stream().filter(c -> c.succeeded() >= devices).mapToLong(CampaignWatch.Count::nanos).findFirst().orElse(0);
    List<List<Number>> steps = new ArrayList<>();
    watch.counts().forEach(c -> steps.add(List.of(since(c.nanos()), c.succeeded())));
    figures.put("succeededSeen", steps);
    figures.line("status.totals.succeeded as the watch saw it rise, [seconds, count]: %s", steps);
    figures.put("phasesSeenSeconds", phases)
        .put("campaignSucceededSeconds", since(watch.phaseSeen(CampaignPhase.Succeeded)))
        .put("campaignAllCountedSeconds", since(allCounted));
    figures.line("campaign: phases first seen at %s s; Succeeded at %.2f s, all %d counted succeeded at %.2f s", phases,
        since(watch.phaseSeen(CampaignPhase.Succeeded)), devices, since(allCounted));
  }

  /** The campaign's own account of its waves and totals, as last seen: "campaignWaves", "campaignTotals". */
  void campaignStatus(CampaignWatch watch) {
    var c = watch.latest();
    if (c == null || c.getStatus() == null) {
      figures.line("campaign status: none seen");
      return;
    }
    List<Map<String, Object>> waves = new ArrayList<>();
    for (var w : c.getStatus().getWaves()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("index", w.getIndex());
      m.put("state", String.valueOf(w.getState()));
      m.put("eligible", w.getEligible());
      m.put("assigned", w.getAssigned());
      m.put("succeeded", w.getSucceeded());
      m.put("failed", w.getFailed());
      m.put("timedOut", w.getTimedOut());
      m.put("skipped", w.getSkipped());
      waves.add(m);
    }
    var t = c.getStatus().getTotals();
    Map<String, Object> totals = new LinkedHashMap<>();
    if (t != null) {
      totals.put("eligible", t.getEligible());
      totals.put("assigned", t.getAssigned());
      totals.put("succeeded", t.getSucceeded());
      totals.put("failed", t.getFailed());
      totals.put("timedOut", t.getTimedOut());
      totals.put("skipped", t.getSkipped());
    }
    figures.put("campaignWaves", waves).put("campaignTotals", totals);
    figures.line("campaign status as last seen: phase %s, totals %s, waves %s", c.getStatus().getPhase(), totals, waves);
  }

  void statusWrites(ApiServerMetrics.Counts delta, CampaignWatch watch) {
    double writes = delta.mutatingOf("updatecampaigns", "status");
    figures.put("campaignStatusWrites", Figures.round(writes, 0)).put("campaignVersionsSeen", watch.versions());
    figures.line("campaign status writes: %.0f (updatecampaigns/status, by the API server's count); versions the watch delivered: %d",
        writes, watch.versions());
  }

  void goals() {
    Object assigned = figures.get("devicesAssignedPerMinute");
    Object p99 = figures.get("reportLagP99Ms");
    Boolean assignedMet = assigned instanceof Double d ? d >= GOAL_ASSIGNED_PER_MINUTE : null;
    Boolean lagMet = p99 instanceof Double d ? d < GOAL_REPORT_LAG_P99_MS : null;
    figures.put("goalAssignedPerMinuteMet", assignedMet).put("goalReportLagP99Met", lagMet);
    figures.line("goals: at least %.0f devices assigned per minute: %s (%s/min overall, %s/min in the largest wave);"
            + " report-to-count lag p99 under %.0f ms: %s (%s ms)", GOAL_ASSIGNED_PER_MINUTE, verdict(assignedMet), assigned,
        figures.get("largestWaveAssignedPerMinute"), GOAL_REPORT_LAG_P99_MS, verdict(lagMet), p99);
  }

  private static String verdict(Boolean met) {
    return met == null ? "not measured" : met ? "met" : "NOT met";
  }
}
