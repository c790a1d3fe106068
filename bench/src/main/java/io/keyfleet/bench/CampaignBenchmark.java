package io.keyfleet.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The campaign benchmark (run by {@code e2e/bin/bench campaign}; see docs/benchmarks.md). Against
 * a running API server with the CRDs, a running operator process and the fleet's firmware 2.4.1
 * already pushed to the registry:
 *
 * <ol>
 *   <li>a policy, a fleet with an update channel and N labelled DeviceIdentities, until all are
 *       Ready; every device then reports 2.3.7 Idle (connector apply, untimed: it also warms up);
 *   <li>baseline: N connector-shaped status applies (status.reported with a message), C in flight;
 *   <li>the campaign (waves of 1, 9, 90%): a {@link SimulatedConnector} reports Succeeded for each
 *       assignment as soon as the watch shows it, while {@link AssignmentTracker} and
 *       {@link CampaignWatch} record when assignments and counts appear;
 *   <li>the API server's request counters and the processes' CPU over the campaign, the operator's
 *       memory before and after.
 * </ol>
 *
 * Figures go to standard output, the JSON object of all of them last; progress to standard error.
 * It asserts nothing about time. Exit status 1 when the campaign did not succeed with all N
 * devices reported and counted.
 */
public final class CampaignBenchmark implements BenchMain.Benchmark {
  /** The simulated connector's threads: as many as the operator's assigner (KeyfleetOperator.ASSIGNER_THREADS). */
  static final int CONNECTOR_THREADS = 16;
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
  /** Phases the campaign should never reach here: every device succeeds. */
  static final Set<CampaignPhase> FAILED = EnumSet.of(CampaignPhase.Paused, CampaignPhase.Failed, CampaignPhase.Aborted,
      CampaignPhase.RollingBack, CampaignPhase.RolledBack);

  private final BenchOptions options;
  private final KubernetesClient client;
  private final OperatorProcess operator;
  private final Figures figures;
  private final RequestFigures requests;
  private final ProcessCpu cpu;
  private final ConnectorReports reports;

  CampaignBenchmark(BenchOptions options, KubernetesClient client, OperatorProcess operator, Figures figures) {
    this.options = options;
    this.client = client;
    this.operator = operator;
    this.figures = figures;
    this.requests = new RequestFigures(figures, new ApiServerMetrics(client));
    this.cpu = ProcessCpu.of(options);
    this.reports = new ConnectorReports(client, options.namespace());
  }

  public static void main(String[] args) throws Exception {
    BenchMain.run(args, CampaignBenchmark::new);
  }

  @Override
  public boolean run() throws Exception {
    int n = options.count();
    if (options.repository() == null) {
      throw new BenchmarkFailure("--repository is needed: the fleet's OCI repository, which holds firmware " + CampaignObjects.TARGET);
    }
    RunConditions.record(figures, client, "campaign", "devices", options);
    figures.put("connectorThreads", CONNECTOR_THREADS);
    figures.put("reportDelaySeconds", options.reportDelay().toSeconds());
    figures.line("campaign benchmark: %d devices, %d calls in flight, %d connector threads, %d cores, Kubernetes %s",
        n, options.concurrency(), CONNECTOR_THREADS, figures.get("cores"), figures.get("kubernetes"));
    FleetSetup setup = new FleetSetup(client, operator);
    setup.ensureNamespace(options.namespace());
    double fleetReady = setup.create(BenchObjects.policy(options.namespace()), CampaignObjects.fleet(options.namespace(), options.repository()));
    figures.line("fleet Ready after %.1f s (built-in CA, updates from %s)", fleetReady, options.repository());
    issueDevices(n);
    reportInstalled(n);
    double rawPerMinute = rawStatusApplies(n);

    operator.rssBefore(figures);
    OptionalLong heapBefore = operator.heapAfterGc();
    AssignmentTracker tracker = new AssignmentTracker(CampaignObjects.CAMPAIGN, n);
    SimulatedConnector connector = new SimulatedConnector(reports, CampaignObjects.CAMPAIGN, n, CONNECTOR_THREADS, options.reportDelay());
    Measured measured = runCampaign(n, tracker, connector);

    CampaignFigures campaign = new CampaignFigures(figures, n, measured.created());
    campaign.assignments(tracker, rawPerMinute);
    campaign.reports(connector, measured.watch());
    campaign.durations(measured.watch());
    campaign.campaignStatus(measured.watch());
    campaign.statusWrites(measured.requests(), measured.watch());
    requests.record(measured.requests(), n, "Device", connector.applies() + 1,
        connector.applies() + " deviceidentities/status APPLY reports and 1 updatecampaigns POST");
    CpuFigures.record(figures, "campaign", "device (campaign create to settled)", n, measured.cpu());
    operator.memoryFigures(figures, heapBefore, n, "Device");
    campaign.goals();
    figures.put("complete", measured.error() == null);
    return measured.error() == null;
  }

  /**
   * What the campaign phase measured: when the campaign was created (System.nanoTime()), why it
   * did not complete (null when it did), the watch of the campaign, the API server's requests
   * and the processes' CPU from just before the create to settled.
   */
  record Measured(long created, String error, CampaignWatch watch, ApiServerMetrics.Counts requests, Map<String, Double> cpu) {}

  /** Starts the watches and the connector, creates the campaign and waits for its end, then for the API server to settle. */
  private Measured runCampaign(int n, AssignmentTracker tracker, SimulatedConnector connector) throws InterruptedException {
    try (connector;
        DeviceWatch devices = new DeviceWatch(client, options.namespace(), tracker, connector);
        CampaignWatch watch = new CampaignWatch(client, options.namespace(), CampaignObjects.CAMPAIGN)) {
      ApiServerMetrics.Counts before = requests.scrape();
      Map<String, Duration> cpuBefore = cpu.snapshot();
      long created = System.nanoTime();
      client.resources(UpdateCampaign.class).inNamespace(options.namespace())
          .resource(CampaignObjects.campaign(options.namespace(), options.repository())).create();
      String error = awaitCampaign(n, tracker, connector, watch);
      if (error != null) {
        figures.put("error", error);
        figures.line("ERROR: %s", error);
      }
      ApiServerMetrics.Counts delta = requests.settle(before);
      return new Measured(created, error, watch, delta, ProcessCpu.millisBetween(cpuBefore, cpu.snapshot()));
    }
  }

  /** Creates the N labelled devices and waits until all are Ready. */
  private void issueDevices(int n) throws InterruptedException {
    LatencyRecorder latencies = new LatencyRecorder(n);
    try (ReadyTracker<DeviceIdentity> tracker = ReadyTracker.devices(client, options.namespace(), latencies)) {
      BoundedCreates.Result creates = BoundedCreates.run(n, options.concurrency(), i ->
          client.resources(DeviceIdentity.class).inNamespace(options.namespace()).resource(CampaignObjects.device(options.namespace(), i)).create());
      if (creates.failures() > 0) {
        throw new BenchmarkFailure(creates.failures() + " DeviceIdentity creates failed; first: " + creates.firstFailure());
      }
      String error = tracker.await(n, options.stallTimeout(), operator);
      if (error != null) {
        throw new BenchmarkFailure(error);
      }
      double seconds = (latencies.lastReadyNanos() - creates.startNanos()) / 1e9;
      figures.put("devicesReadySeconds", Figures.round(seconds, 1)).put("devicesReadyPerSecond", Figures.round(n / seconds, 1));
      figures.line("devices Ready: %d in %.1f s from the first create, %.1f/s", n, seconds, n / seconds);
    }
  }

  /** Every device reports 2.3.7 Idle, as a connector does before any campaign. Untimed; warms up the baseline's path. */
  private void reportInstalled(int n) {
    BoundedCreates.Result idle = BoundedCreates.run(n, options.concurrency(), i ->
        reports.idle(BenchObjects.deviceName(i), CampaignObjects.INSTALLED));
    if (idle.failures() > 0) {
      throw new BenchmarkFailure(idle.failures() + " Idle reports failed; first: " + idle.firstFailure());
    }
    figures.put("idleReportsPerMinute", Figures.round(idle.perSecond() * 60, 0));
    figures.line("devices report %s Idle: %d connector applies in %.1f s, %.0f/min (untimed warm-up)", CampaignObjects.INSTALLED, n,
        (idle.lastReturnNanos() - idle.startNanos()) / 1e9, idle.perSecond() * 60);
  }

  /**
   * Baseline: one connector-shaped status apply per device (the same report with a message; it
   * changes nothing the operator reads), C in flight as the operator's assigner has. Per minute.
   */
  private double rawStatusApplies(int n) {
    Map<String, Duration> cpuBefore = cpu.snapshot();
    ApiServerMetrics.Counts before = requests.scrape();
    BoundedCreates.Result raw = BoundedCreates.run(n, options.concurrency(), i ->
        reports.idleWithMessage(BenchObjects.deviceName(i), CampaignObjects.INSTALLED, "bench baseline"));
    double perMinute = raw.perSecond() * 60;
    figures.put("rawStatusAppliesPerMinute", Figures.round(perMinute, 0)).put("rawStatusApplyErrors", raw.failures());
    figures.line("raw status applies (baseline): %d in %.2f s, %.0f/min, %d in flight%s", raw.succeeded(),
        (raw.lastReturnNanos() - raw.startNanos()) / 1e9, perMinute, options.concurrency(), raw.failureNote());
    CpuFigures.record(figures, "rawStatusApply", "raw status apply", n, ProcessCpu.millisBetween(cpuBefore, cpu.snapshot()));
    Map<String, Double> calls = new java.util.TreeMap<>();
    requests.scrape().minus(before).byKind().forEach((kind, count) -> {
      if (kind.resource().equals("deviceidentities")) {
        calls.merge(kind.describe(), Figures.round(count / n, 3), Double::sum);
      }
    });
    figures.put("rawStatusApplyRequestsEach", calls);
    figures.line("requests per raw status apply (deviceidentities, the operator's included): %s", calls);
    if (raw.succeeded() == 0) {
      throw new BenchmarkFailure("no status apply succeeded: " + raw.firstFailure());
    }
    return perMinute;
  }

  /**
   * Waits until the campaign is Succeeded with every device reported and counted. Returns null
   * then, or why it gave up: a phase of failure, a report that failed, the operator gone, or no
   * progress (assignments, reports, counts, phase) for the stall timeout.
   */
  private String awaitCampaign(int n, AssignmentTracker tracker, SimulatedConnector connector, CampaignWatch watch)
      throws InterruptedException {
    List<Object> last = List.of();
    long lastProgress = System.nanoTime();
    long lastPrint = 0;
    while (true) {
      CampaignPhase phase = watch.phase();
      long counted = watch.succeeded();
      int assigned = tracker.assigned();
      int reported = connector.reported();
      String where = String.format("phase %s, %d/%d assigned, %d reported, %d counted succeeded", phase, assigned, n, reported, counted);
      if (phase == CampaignPhase.Succeeded && counted >= n && reported >= n) {
        return null;
      }
      if (phase != null && FAILED.contains(phase)) {
        return "the campaign went " + phase + ": " + progressing(watch.latest()) + " (" + where + ")";
      }
      if (connector.failures() > 0) {
        return connector.failures() + " connector reports failed " + SimulatedConnector.ATTEMPTS + " times; first: " + connector.firstFailure();
      }
      if (!operator.alive()) {
        return "the operator exited: " + where + operator.logHint();
      }
      List<Object> now = List.of(String.valueOf(phase), counted, assigned, reported);
      if (!now.equals(last)) {
        last = now;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > options.stallTimeout().toNanos()) {
        String why = phase == CampaignPhase.Succeeded && assigned < n
            ? "the campaign is Succeeded but assigned only " + assigned + " of " + n + " devices (its status.totals.eligible is "
                + eligible(watch.latest()) + ")"
            : "no progress";
        return why + " for " + options.stallTimeout().toSeconds() + " s: " + where + "; " + progressing(watch.latest());
      }
      if (System.nanoTime() - lastPrint > PROGRESS_EVERY.toNanos()) {
        System.err.println("[bench] campaign " + where);
        lastPrint = System.nanoTime();
      }
      Thread.sleep(50);
    }
  }

  static Object eligible(UpdateCampaign c) {
    return c == null || c.getStatus() == null || c.getStatus().getTotals() == null ? "unknown" : c.getStatus().getTotals().getEligible();
  }

  /** The campaign's Progressing condition, "reason: message", for errors. */
  static String progressing(UpdateCampaign c) {
    if (c == null || c.getStatus() == null || c.getStatus().getConditions() == null) {
      return "no status";
    }
    return c.getStatus().getConditions().stream().filter(x -> "Progressing".equals(x.getType())).findFirst()
        .map(x -> "Progressing " + x.getStatus() + " " + x.getReason() + ": " + x.getMessage())
        .orElse("no Progressing condition");
  }
}
