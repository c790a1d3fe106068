package io.keyfleet.bench;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The identities benchmark (run by {@code e2e/bin/bench identities}; see docs/benchmarks.md).
 * Against a running API server with the CRDs and a running operator process:
 *
 * <ol>
 *   <li>baseline: N plain Secrets of device-Secret size created by one client, C calls in flight
 *       (after a few hundred untimed ones that warm the client and the API server);
 *   <li>Keyfleet: a policy and a built-in-CA fleet, then N DeviceIdentities created the same way,
 *       each timed from its create call returning to the first watch event showing Ready=True;
 *   <li>the API server's request counters before and after the Keyfleet phase, per identity;
 *   <li>the operator's resident memory, sampled throughout, and its heap after a forced GC.
 * </ol>
 *
 * Figures go to standard output, the JSON object of all of them last; progress to standard error.
 * It asserts nothing about time. Exit status 1 when not every device became Ready.
 */
public final class IdentityBenchmark implements BenchMain.Benchmark {
  static final int RAW_SECRET_BYTES = 2048;
  static final int WARMUP_SECRETS = 300;

  private final BenchOptions options;
  private final KubernetesClient client;
  private final OperatorProcess operator;
  private final Figures figures;
  private final RequestFigures requests;
  private final ProcessCpu cpu;

  IdentityBenchmark(BenchOptions options, KubernetesClient client, OperatorProcess operator, Figures figures) {
    this.options = options;
    this.client = client;
    this.operator = operator;
    this.figures = figures;
    this.requests = new RequestFigures(figures, new ApiServerMetrics(client));
    this.cpu = ProcessCpu.of(options);
  }

  public static void main(String[] args) throws Exception {
    BenchMain.run(args, IdentityBenchmark::new);
  }

  @Override
  public boolean run() throws Exception {
    int n = options.count();
    RunConditions.record(figures, client, "identities", "count", options);
    figures.line("identities benchmark: %d objects per phase, %d create calls in flight, %d cores, Kubernetes %s",
        n, options.concurrency(), figures.get("cores"), figures.get("kubernetes"));
    FleetSetup setup = new FleetSetup(client, operator);
    setup.ensureNamespace(options.namespace());
    setup.ensureNamespace(options.rawNamespace());

    double raw = rawSecrets(n);
    double fleetReady = setup.create(BenchObjects.policy(options.namespace()), BenchObjects.fleet(options.namespace()));
    figures.line("fleet Ready after %.1f s (built-in CA)", fleetReady);
    operator.rssBefore(figures);
    OptionalLong heapBefore = operator.heapAfterGc();

    LatencyRecorder latencies = new LatencyRecorder(n);
    BoundedCreates.Result creates;
    ApiServerMetrics.Counts delta;
    Map<String, Double> cpuUsed;
    String error;
    try (ReadyTracker<DeviceIdentity> tracker = ReadyTracker.devices(client, options.namespace(), latencies)) {
      ApiServerMetrics.Counts before = requests.scrape();
      Map<String, Duration> cpuBefore = cpu.snapshot();
      creates = BoundedCreates.run(n, options.concurrency(), i ->
          client.resources(DeviceIdentity.class).inNamespace(options.namespace()).resource(BenchObjects.device(options.namespace(), i)).create());
      for (int i = 0; i < n; i++) {
        long returned = creates.returnedNanos().get(i);
        if (returned != 0) {
          latencies.created(i, returned);
        }
      }
      figures.put("identityCreatesPerSecond", Figures.round(creates.perSecond(), 1)).put("identityCreateErrors", creates.failures());
      figures.line("DeviceIdentity creates: %d in %.2f s, %.1f/s%s", creates.succeeded(),
          (creates.lastReturnNanos() - creates.startNanos()) / 1e9, creates.perSecond(), creates.failureNote());
      error = tracker.await(creates.succeeded(), options.stallTimeout(), operator);
      if (error != null) {
        figures.put("error", error);
        figures.line("ERROR: %s", error);
      }
      delta = requests.settle(before);
      cpuUsed = ProcessCpu.millisBetween(cpuBefore, cpu.snapshot());
    }
    identityFigures(n, raw, creates, latencies);
    requests.record(delta, n, "Identity", n, n + " deviceidentities POSTs");
    CpuFigures.record(figures, "identity", "identity (creates to settled)", n, cpuUsed);
    deviceSecretSize();
    operator.memoryFigures(figures, heapBefore, latencies.readyCount(), "Identity");
    figures.put("complete", error == null);
    return error == null;
  }

  private double rawSecrets(int n) {
    // Warm the client and the API server's Secret path first (JIT, connections), untimed.
    int warmup = Math.min(n, WARMUP_SECRETS);
    BoundedCreates.run(warmup, options.concurrency(), i -> client.secrets().inNamespace(options.rawNamespace())
        .resource(BenchObjects.rawSecret(options.rawNamespace(), n + i, RAW_SECRET_BYTES)).create());
    figures.put("warmupSecrets", warmup);
    Map<String, Duration> cpuBefore = cpu.snapshot();
    BoundedCreates.Result result = BoundedCreates.run(n, options.concurrency(), i ->
        client.secrets().inNamespace(options.rawNamespace()).resource(BenchObjects.rawSecret(options.rawNamespace(), i, RAW_SECRET_BYTES)).create());
    double seconds = (result.lastReturnNanos() - result.startNanos()) / 1e9;
    figures.put("rawSecretsPerSecond", Figures.round(result.perSecond(), 1)).put("rawSecretErrors", result.failures())
        .put("rawSecretBytes", BenchObjects.dataBytes(BenchObjects.rawSecret(options.rawNamespace(), 0, RAW_SECRET_BYTES)));
    figures.line("raw Secrets (baseline, after %d untimed): %d created in %.2f s, %.1f/s (%d bytes of data each)%s",
        warmup, result.succeeded(), seconds, result.perSecond(), figures.get("rawSecretBytes"), result.failureNote());
    CpuFigures.record(figures, "rawSecret", "raw Secret", n, ProcessCpu.millisBetween(cpuBefore, cpu.snapshot()));
    if (result.succeeded() == 0) {
      throw new BenchmarkFailure("no raw Secret could be created: " + result.firstFailure());
    }
    return result.perSecond();
  }

  private void identityFigures(int n, double raw, BoundedCreates.Result creates, LatencyRecorder latencies) {
    long lastReady = latencies.lastReadyNanos();
    double seconds = (lastReady - creates.startNanos()) / 1e9;
    double rate = latencies.readyCount() == 0 || seconds <= 0 ? Double.NaN : latencies.readyCount() / seconds;
    double[] sorted = latencies.sortedLatenciesMillis();
    figures.put("ready", latencies.readyCount())
        .put("identitiesPerSecond", Figures.round(rate, 1))
        .put("ratioToRaw", Figures.round(rate / raw, 3))
        .put("p50ReadyMs", Figures.round(LatencyRecorder.percentile(sorted, 50), 1))
        .put("p90ReadyMs", Figures.round(LatencyRecorder.percentile(sorted, 90), 1))
        .put("p99ReadyMs", Figures.round(LatencyRecorder.percentile(sorted, 99), 1))
        .put("maxReadyMs", Figures.round(LatencyRecorder.percentile(sorted, 100), 1))
        .put("firstCreateToLastReadySeconds", Figures.round(seconds, 2));
    figures.line("identities Ready: %d/%d in %.2f s from the first create: %.1f/s, %.3f x the raw Secret rate",
        latencies.readyCount(), n, seconds, rate, rate / raw);
    figures.line("create-to-Ready latency: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms",
        figures.get("p50ReadyMs"), figures.get("p90ReadyMs"), figures.get("p99ReadyMs"), figures.get("maxReadyMs"));
  }

  private void deviceSecretSize() {
    Secret secret = client.secrets().inNamespace(options.namespace()).withName(BenchObjects.deviceName(0) + "-tls").get();
    if (secret != null) {
      figures.put("deviceSecretBytes", BenchObjects.dataBytes(secret));
    }
  }
}
