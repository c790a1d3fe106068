package io.keyfleet.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.api.v1alpha1.common.Condition;
import io.keyfleet.api.v1alpha1.common.ConditionTypes;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
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
public final class IdentityBenchmark {
  static final int RAW_SECRET_BYTES = 2048;
  static final int WARMUP_SECRETS = 300;
  static final Duration SETTLE_MAX = Duration.ofSeconds(60);
  static final Duration SETTLE_STEP = Duration.ofSeconds(2);

  private final BenchOptions options;
  private final KubernetesClient client;
  private final ApiServerMetrics metrics;
  private final ProcessMemory memory;
  private final Figures figures;
  private final ProcessCpu cpu;

  IdentityBenchmark(BenchOptions options, KubernetesClient client, ProcessMemory memory, Figures figures) {
    this.options = options;
    this.client = client;
    this.metrics = new ApiServerMetrics(client);
    this.memory = memory;
    this.figures = figures;
    this.cpu = new ProcessCpu().with("operator", options.operatorPid()).with("kube-apiserver", options.apiServerPid())
        .with("etcd", options.etcdPid()).with("bench", ProcessHandle.current().pid());
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    PrintStream out = System.out;
    Figures figures = new Figures(out);
    boolean complete;
    Config config = new ConfigBuilder(Config.autoConfigure(null)).withRequestTimeout(60_000).build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        ProcessMemory memory = options.operatorPid() > 0 ? new ProcessMemory(options.operatorPid(), 250) : null) {
      complete = new IdentityBenchmark(options, client, memory, figures).run();
    } catch (BenchmarkFailure e) {
      figures.put("complete", false).put("error", e.getMessage());
      System.err.println("[bench] error: " + e.getMessage());
      complete = false;
    }
    out.println(figures.toJson());
    out.flush();
    System.exit(complete ? 0 : 1);
  }

  boolean run() throws Exception {
    int n = options.count();
    figures.put("benchmark", "identities").put("count", n).put("concurrency", options.concurrency())
        .put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString())
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("kubernetes", client.getKubernetesVersion().getGitVersion().replaceFirst("^v", ""))
        .put("operatorXmx", options.operatorXmx());
    figures.line("identities benchmark: %d objects per phase, %d create calls in flight, %d cores, Kubernetes %s",
        n, options.concurrency(), figures.get("cores"), figures.get("kubernetes"));
    ensureNamespace(options.namespace());
    ensureNamespace(options.rawNamespace());

    double raw = rawSecrets(n);
    prepareFleet();
    memory().ifPresent(kib -> figures.put("operatorRssBeforeMiB", Figures.round(ProcessMemory.mib(kib), 1)));
    OptionalLong heapBefore = heapAfterGc();

    LatencyRecorder latencies = new LatencyRecorder(n);
    BoundedCreates.Result creates;
    ApiServerMetrics.Counts delta;
    Map<String, Double> cpuUsed;
    boolean complete;
    try (ReadyTracker tracker = new ReadyTracker(client, options.namespace(), latencies)) {
      ApiServerMetrics.Counts before = scrape();
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
          (creates.lastReturnNanos() - creates.startNanos()) / 1e9, creates.perSecond(), failures(creates));
      complete = awaitReady(latencies, creates.succeeded(), tracker);
      settle(before);
      delta = scrape().minus(before);
      cpuUsed = ProcessCpu.millisBetween(cpuBefore, cpu.snapshot());
    }
    identityFigures(n, raw, creates, latencies);
    requestFigures(n, delta);
    cpuFigures("identity", n, cpuUsed);
    deviceSecretSize();
    memoryFigures(heapBefore, latencies.readyCount());
    figures.put("complete", complete);
    return complete;
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
        warmup, result.succeeded(), seconds, result.perSecond(), figures.get("rawSecretBytes"), failures(result));
    cpuFigures("rawSecret", n, ProcessCpu.millisBetween(cpuBefore, cpu.snapshot()));
    if (result.succeeded() == 0) {
      throw new BenchmarkFailure("no raw Secret could be created: " + result.firstFailure());
    }
    return result.perSecond();
  }

  private void prepareFleet() throws InterruptedException {
    String ns = options.namespace();
    client.resources(KeyRotationPolicy.class).inNamespace(ns).resource(BenchObjects.policy(ns)).create();
    client.resources(DeviceFleet.class).inNamespace(ns).resource(BenchObjects.fleet(ns)).create();
    long start = System.nanoTime();
    long deadline = start + Duration.ofSeconds(120).toNanos();
    while (true) {
      DeviceFleet fleet = client.resources(DeviceFleet.class).inNamespace(ns).withName(BenchObjects.FLEET).get();
      var ready = fleet == null || fleet.getStatus() == null ? null
          : fleet.getStatus().getConditions().stream().filter(c -> ConditionTypes.READY.equals(c.getType())).findFirst().orElse(null);
      if (ready != null && ready.getStatus() == Condition.Status.True) {
        break;
      }
      checkOperator();
      if (System.nanoTime() > deadline) {
        throw new BenchmarkFailure("the DeviceFleet " + ns + "/" + BenchObjects.FLEET + " was not Ready after 120 s"
            + (ready == null ? " (no Ready condition: is the operator watching " + ns + "?)" : ": " + ready.getReason() + ": " + ready.getMessage()));
      }
      Thread.sleep(200);
    }
    figures.line("fleet Ready after %.1f s (built-in CA)", (System.nanoTime() - start) / 1e9);
  }

  /** Waits until every created device was seen Ready, the operator exits, or progress stalls. */
  private boolean awaitReady(LatencyRecorder latencies, int expected, ReadyTracker tracker) throws InterruptedException {
    int last = -1;
    long lastProgress = System.nanoTime();
    long lastReport = 0;
    while (latencies.readyCount() < expected) {
      int now = latencies.readyCount();
      if (now != last) {
        last = now;
        lastProgress = System.nanoTime();
      }
      if (System.nanoTime() - lastReport > Duration.ofSeconds(5).toNanos()) {
        System.err.printf("[bench] Ready %d/%d%n", now, expected);
        lastReport = System.nanoTime();
      }
      if (memory != null && !memory.alive()) {
        figures.put("error", "the operator exited with " + now + "/" + expected + " devices Ready" + logHint());
        figures.line("ERROR: the operator process exited with %d/%d devices Ready%s", now, expected, logHint());
        return false;
      }
      if (System.nanoTime() - lastProgress > options.stallTimeout().toNanos()) {
        Map<String, Integer> reasons = tracker.pendingByReason();
        figures.put("error", "no device became Ready for " + options.stallTimeout().toSeconds() + " s; "
            + now + "/" + expected + " Ready; pending by reason: " + reasons);
        figures.line("ERROR: no progress for %d s: %d/%d devices Ready; not Ready by reason: %s",
            options.stallTimeout().toSeconds(), now, expected, reasons);
        return false;
      }
      Thread.sleep(100);
    }
    return true;
  }

  /**
   * After the last Ready, waits until the API server sees (almost) no more mutating requests, so
   * trailing work (fleet counts, events) is in the request figures; at most {@link #SETTLE_MAX}.
   */
  private void settle(ApiServerMetrics.Counts before) throws InterruptedException {
    long start = System.nanoTime();
    double previous = scrape().minus(before).mutating();
    while (System.nanoTime() - start < SETTLE_MAX.toNanos()) {
      Thread.sleep(SETTLE_STEP.toMillis());
      double now = scrape().minus(before).mutating();
      if (now - previous <= 2) {
        break;
      }
      previous = now;
    }
    figures.put("settleSeconds", Figures.round((System.nanoTime() - start) / 1e9, 1));
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

  private void requestFigures(int n, ApiServerMetrics.Counts delta) {
    // The bench's own requests in the window: its N creates (its /metrics reads are not counted
    // by the API server; non-resource GETs, if any, are left out as well).
    double total = delta.total() - n - delta.of("GET", "", "");
    double mutating = delta.mutating() - n;
    figures.put("apiRequestsPerIdentity", Figures.round(total / n, 2))
        .put("mutatingRequestsPerIdentity", Figures.round(mutating / n, 2));
    Map<String, Double> byVerb = new LinkedHashMap<>();
    delta.byVerb().forEach((verb, count) -> byVerb.put(verb, Figures.round(count, 0)));
    figures.put("requestsByVerb", byVerb);
    figures.line("API requests per identity, the bench's own creates and /metrics reads left out: %.2f in all, %.2f mutating",
        total / n, mutating / n);
    figures.line("all requests in the Keyfleet phase by verb: %s", byVerb);
    figures.line("mutating requests by resource (counts; the bench's own %d deviceidentities POSTs included):", n);
    Map<String, Double> perIdentity = new LinkedHashMap<>();
    delta.mutatingByResource().entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> {
          figures.line("  %-40s %8.0f  %6.2f per identity", e.getKey(), e.getValue(), e.getValue() / n);
          perIdentity.put(e.getKey(), Figures.round(e.getValue() / n, 3));
        });
    figures.put("mutatingPerIdentityByResource", perIdentity);
    Map<String, Double> reads = new LinkedHashMap<>();
    delta.byKind().entrySet().stream()
        .filter(e -> !e.getKey().mutating())
        .collect(java.util.stream.Collectors.groupingBy(e -> e.getKey().describe(), java.util.TreeMap::new,
            java.util.stream.Collectors.summingDouble(Map.Entry::getValue)))
        .forEach((k, v) -> reads.put(k, Figures.round(v, 0)));
    figures.put("readRequests", reads);
    figures.line("other requests (counts): %s", reads);
    Map<String, Double> errors = new LinkedHashMap<>();
    delta.errors().forEach((k, v) -> errors.put(k, Figures.round(v, 0)));
    figures.put("errorResponses", errors);
    figures.line("requests answered with an error (counts): %s", errors.isEmpty() ? "none" : errors);
  }

  /** CPU milliseconds per object of the phase, by process, as "<phase>CpuMs": {"operator": .., ..}. */
  private void cpuFigures(String phase, int n, Map<String, Double> used) {
    Map<String, Double> perObject = new LinkedHashMap<>();
    used.forEach((name, ms) -> perObject.put(name, Figures.round(ms / n, 2)));
    figures.put(phase + "CpuMsEach", perObject);
    figures.line("CPU per %s, ms: %s", phase.equals("identity") ? "identity (creates to settled)" : "raw Secret", perObject);
  }

  private void deviceSecretSize() {
    Secret secret = client.secrets().inNamespace(options.namespace()).withName(BenchObjects.deviceName(0) + "-tls").get();
    if (secret != null) {
      figures.put("deviceSecretBytes", BenchObjects.dataBytes(secret));
    }
  }

  private void memoryFigures(OptionalLong heapBeforeKib, int ready) {
    if (memory == null) {
      figures.line("operator memory: not measured (no --operator-pid)");
      return;
    }
    long sampled = memory.peakSampledKib();
    if (!memory.alive()) {
      figures.put("operatorPeakRssMiB", Figures.round(ProcessMemory.mib(sampled), 1));
      figures.line("operator memory: the process has exited; the highest RSS sampled was %.1f MiB", ProcessMemory.mib(sampled));
      return;
    }
    OptionalLong hwm = memory.hwmKib();
    OptionalLong rss = memory.rssKib();
    double peak = ProcessMemory.mib(Math.max(sampled, hwm.orElse(0)));
    figures.put("operatorPeakRssMiB", Figures.round(peak, 1)).put("operatorRssEndMiB", mib(rss));
    OptionalLong heap = heapAfterGc();
    figures.put("operatorHeapUsedMiB", mib(heap)).put("operatorRssAfterGcMiB", mib(memory.rssKib()))
        .put("operatorHeapUsedBeforeMiB", mib(heapBeforeKib));
    figures.line("operator memory: peak RSS %.1f MiB (VmHWM %s, sampled %.1f), RSS at the end %s MiB, after a full GC %s MiB (-Xmx%s)",
        peak, mib(hwm), ProcessMemory.mib(sampled), figures.get("operatorRssEndMiB"), figures.get("operatorRssAfterGcMiB"),
        options.operatorXmx());
    if (heap.isPresent() && heapBeforeKib.isPresent() && ready > 0) {
      double perIdentityKib = (heap.getAsLong() - heapBeforeKib.getAsLong()) / (double) ready;
      figures.put("operatorHeapKiBPerIdentity", Figures.round(perIdentityKib, 2));
      figures.line("operator heap used after a full GC: %s MiB before the identities, %s MiB after: %.1f KiB per identity"
              + " (at that slope 50,000 identities would hold %.0f MiB)",
          figures.get("operatorHeapUsedBeforeMiB"), figures.get("operatorHeapUsedMiB"), perIdentityKib,
          ProcessMemory.mib(heapBeforeKib.getAsLong()) + perIdentityKib * 50_000 / 1024);
    } else {
      figures.line("operator heap used after a full GC: %s MiB", figures.get("operatorHeapUsedMiB"));
    }
  }

  /** The operator's heap in use after a forced full GC, when jcmd is there and works. */
  private OptionalLong heapAfterGc() {
    if (memory == null || options.jcmd() == null || !Files.isExecutable(options.jcmd())) {
      return OptionalLong.empty();
    }
    try {
      return memory.heapUsedAfterGcKib(options.jcmd());
    } catch (Exception e) {
      System.err.println("[bench] operator heap not measured: " + e.getMessage());
      return OptionalLong.empty();
    }
  }

  private static Double mib(OptionalLong kib) {
    return kib.isPresent() ? Figures.round(ProcessMemory.mib(kib.getAsLong()), 1) : null;
  }


  private ApiServerMetrics.Counts scrape() {
    return metrics.scrape();
  }

  private OptionalLong memory() {
    return memory == null ? OptionalLong.empty() : memory.rssKib();
  }

  private void ensureNamespace(String name) {
    if (client.namespaces().withName(name).get() == null) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }
  }

  private void checkOperator() {
    if (memory != null && !memory.alive()) {
      throw new BenchmarkFailure("the operator process " + memory.pid() + " is not running" + logHint());
    }
  }

  private String logHint() {
    return options.operatorLog() == null ? "" : " (see " + options.operatorLog() + ")";
  }

  private static String failures(BoundedCreates.Result result) {
    return result.failures() == 0 ? "" : String.format(" (%d failed; first: %s)", result.failures(), result.firstFailure());
  }

  /** A run that cannot go on; its message says why. */
  static final class BenchmarkFailure extends RuntimeException {
    BenchmarkFailure(String message) {
      super(message);
    }
  }
}
