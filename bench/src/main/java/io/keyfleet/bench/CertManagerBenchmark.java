package io.keyfleet.bench;

import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.client.CertManagerClient;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.fleet.CertManagerIssuer.Signing;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The certmanager benchmark (run by {@code e2e/bin/bench certmanager}; see docs/benchmarks.md):
 * N device certificates five ways on the same API server, one phase after another, each in a
 * namespace of its own with its controllers started fresh for it and stopped before the next:
 *
 * <ol>
 *   <li>cert-manager {@code Certificate}s with a CA ClusterIssuer, cert-manager at its defaults;
 *   <li>the same, cert-manager tuned as its scaling guide says (client rate limits raised) and with
 *       more workers per controller;
 *   <li>Keyfleet with its built-in CA: N DeviceIdentities in a fleet, as the identities benchmark;
 *   <li>Keyfleet through the same CA ClusterIssuer, cert-manager tuned beside it (signing
 *       PerDevice: a CertificateRequest per device);
 *   <li>Keyfleet through the same CA ClusterIssuer with signing Intermediate (the issuer certifies
 *       one intermediate CA, Keyfleet signs the devices), cert-manager tuned beside it.
 * </ol>
 *
 * Per phase: first create to last Ready, certificates per second, the API server's requests per
 * certificate, CPU per certificate and each controller's peak resident set; then the ratios of the
 * built-in CA to cert-manager. Figures on standard output, the JSON object of all of them last;
 * progress on standard error. Exit status 1 when a phase did not get every certificate Ready.
 */
public final class CertManagerBenchmark implements BenchMain.Benchmark {
  static final String CA_NAMESPACE = "bench-cm-ca";
  static final String DEFAULT_NAMESPACE = "bench-cm-default";
  static final String TUNED_NAMESPACE = "bench-cm-tuned";
  static final String BUILTIN_NAMESPACE = "keyfleet-bench";
  static final String THROUGH_NAMESPACE = "keyfleet-bench-cm";
  static final String INTERMEDIATE_NAMESPACE = "keyfleet-bench-cm-intermediate";
  static final String OPERATOR_NAMESPACE = "keyfleet-system";
  static final Duration SETUP_MAX = Duration.ofSeconds(120);
  static final Duration DELETE_MAX = Duration.ofMinutes(15);

  private final CertManagerOptions options;
  private final KubernetesClient client;
  private final CertManagerClient certManagerApi;
  private final Figures figures;
  private final String kubeconfig;
  private final List<String> errors = new ArrayList<>();
  private boolean issuersMade;

  /** A phase that was left out (--phases): no figures, so no ratio with it. */
  static final CertManagerComparison.Phase NOT_RUN = new CertManagerComparison.Phase(Double.NaN, Double.NaN);

  CertManagerBenchmark(CertManagerOptions options, KubernetesClient client, Figures figures) {
    this.options = options;
    this.client = client;
    this.certManagerApi = client.adapt(CertManagerClient.class);
    this.figures = figures;
    this.kubeconfig = System.getenv("KUBECONFIG");
  }

  public static void main(String[] args) throws Exception {
    BenchMain.run(args, CertManagerBenchmark::options, CertManagerBenchmark::new);
  }

  /** The options, and a KUBECONFIG: the controllers it starts are given the same file. */
  static CertManagerOptions options(String[] args) {
    CertManagerOptions options = CertManagerOptions.parse(args);
    if (System.getenv("KUBECONFIG") == null) {
      throw new IllegalArgumentException("KUBECONFIG must name the plane's kubeconfig: the controllers started here use it too");
    }
    return options;
  }

  @Override
  public boolean run() throws Exception {
    int n = options.count();
    conditions();
    FleetSetup namespaces = new FleetSetup(client, null);
    for (String ns : List.of(CA_NAMESPACE, DEFAULT_NAMESPACE, TUNED_NAMESPACE, BUILTIN_NAMESPACE, THROUGH_NAMESPACE, INTERMEDIATE_NAMESPACE,
        OPERATOR_NAMESPACE)) {
      namespaces.ensureNamespace(ns);
    }

    CertManagerComparison.Phase cmDefault = options.runs("a1")
        ? certManagerPhase("cert-manager-default", options.certManagerDefaultArgs(kubeconfig, CA_NAMESPACE), "certManagerDefault",
            "(a1) cert-manager Certificates, cert-manager at its defaults", DEFAULT_NAMESPACE)
        : NOT_RUN;
    CertManagerComparison.Phase cmTuned = options.runs("a2")
        ? certManagerPhase("cert-manager-tuned", options.certManagerTunedArgs(kubeconfig, CA_NAMESPACE), "certManagerTuned",
            "(a2) cert-manager Certificates, cert-manager tuned", TUNED_NAMESPACE)
        : NOT_RUN;

    CertManagerComparison.Phase builtin = NOT_RUN;
    if (options.runs("b")) {
      try (ControllerProcess operator = operator("operator-builtin", BUILTIN_NAMESPACE)) {
        OperatorProcess watched = watch(operator, options.jcmd());
        double fleetReady = new FleetSetup(client, watched).create(BenchObjects.policy(BUILTIN_NAMESPACE), BenchObjects.fleet(BUILTIN_NAMESPACE));
        figures.line("fleet Ready after %.1f s (built-in CA)", fleetReady);
        builtin = phase("keyfleetBuiltin", "(b) Keyfleet DeviceIdentities, built-in CA", BUILTIN_NAMESPACE,
            DeviceIdentity.class, ReadyTracker::deviceReadiness, i -> createDevice(BUILTIN_NAMESPACE, i), "deviceidentities POSTs", watched);
      }
      releaseAndDelete(BUILTIN_NAMESPACE);
    }

    CertManagerComparison.Phase through = options.runs("c")
        ? keyfleetWithCertManager("keyfleet", "operator-cert-manager", "keyfleetThroughCertManager",
            "(c) Keyfleet DeviceIdentities through the cert-manager CA ClusterIssuer, cert-manager tuned", THROUGH_NAMESPACE, Signing.PerDevice,
            "through ClusterIssuer")
        : NOT_RUN;
    CertManagerComparison.Phase intermediate = options.runs("d")
        ? keyfleetWithCertManager("intermediate", "operator-intermediate", "keyfleetIntermediateFromCertManager",
            "(d) Keyfleet DeviceIdentities signed by an intermediate CA the cert-manager CA ClusterIssuer certified, cert-manager tuned",
            INTERMEDIATE_NAMESPACE, Signing.Intermediate, "intermediate CA from ClusterIssuer")
        : NOT_RUN;

    Map<String, Object> comparison = CertManagerComparison.compare(builtin, cmDefault, cmTuned, through, intermediate);
    figures.put("comparison", comparison);
    figures.line("");
    figures.line("Keyfleet built-in CA over cert-manager: throughput %sx the defaults' (goal 5x: %s), %sx the tuned one's (goal 2x: %s)",
        comparison.get("builtinThroughputOverCertManagerDefault"), verdict(comparison.get("goalThroughputOverDefaultMet")),
        comparison.get("builtinThroughputOverCertManagerTuned"), verdict(comparison.get("goalThroughputOverTunedMet")));
    figures.line("  peak RSS %sx the defaults', %sx the tuned one's (goal below 1x: %s)",
        comparison.get("builtinMemoryOverCertManagerDefault"), comparison.get("builtinMemoryOverCertManagerTuned"),
        verdict(comparison.get("goalLessMemoryMet")));
    figures.line("Keyfleet through cert-manager over cert-manager tuned: throughput %sx, memory (both controllers) %sx",
        comparison.get("throughCertManagerThroughputOverCertManagerTuned"), comparison.get("throughCertManagerMemoryOverCertManagerTuned"));
    figures.line("Keyfleet with an intermediate from cert-manager over cert-manager tuned: throughput %sx, memory (both controllers) %sx",
        comparison.get("intermediateThroughputOverCertManagerTuned"), comparison.get("intermediateMemoryOverCertManagerTuned"));
    boolean complete = errors.isEmpty();
    figures.put("complete", complete);
    if (!complete) {
      figures.put("error", String.join("; ", errors));
    }
    return complete;
  }

  /** (a1) or (a2): N cert-manager Certificates with a cert-manager of its own, then the namespace goes. */
  private CertManagerComparison.Phase certManagerPhase(String controller, List<String> command, String key, String title, String namespace)
      throws Exception {
    CertManagerComparison.Phase measured;
    try (ControllerProcess cm = certManager(controller, command)) {
      OperatorProcess watched = watch(cm, null);
      issuers(watched);
      measured = phase(key, title, namespace, Certificate.class, CertManagerObjects::readiness,
          i -> certManagerApi.v1().certificates().inNamespace(namespace).resource(CertManagerObjects.deviceCertificate(namespace, i)).create(),
          "certificates POSTs", watched);
    }
    deleteNamespace(namespace);
    return measured;
  }

  /** (c) or (d): N DeviceIdentities of a fleet on the CA ClusterIssuer, a tuned cert-manager beside the operator, then clean-up. */
  private CertManagerComparison.Phase keyfleetWithCertManager(String certManagerSuffix, String operatorName, String key, String title,
      String namespace, Signing signing, String fleetReadyWhat) throws Exception {
    CertManagerComparison.Phase measured;
    try (ControllerProcess cm = certManager("cert-manager-" + certManagerSuffix, options.certManagerTunedArgs(kubeconfig, CA_NAMESPACE));
        ControllerProcess operator = operator(operatorName, namespace)) {
      OperatorProcess cmWatched = watch(cm, null);
      OperatorProcess operatorWatched = watch(operator, options.jcmd());
      issuers(cmWatched);
      double fleetReady = new FleetSetup(client, operatorWatched)
          .create(BenchObjects.policy(namespace), CertManagerObjects.fleetThroughIssuer(namespace, signing));
      figures.line("fleet Ready after %.1f s (%s %s)", fleetReady, fleetReadyWhat, CertManagerObjects.CA_ISSUER);
      measured = phase(key, title, namespace, DeviceIdentity.class, ReadyTracker::deviceReadiness, i -> createDevice(namespace, i),
          "deviceidentities POSTs", cmWatched, operatorWatched);
    }
    releaseAndDelete(namespace);
    return measured;
  }

  private void conditions() {
    int n = options.count();
    Map<String, Object> tuned = new LinkedHashMap<>();
    tuned.put("kubeApiQps", options.tunedQps());
    tuned.put("kubeApiBurst", options.tunedQps());
    tuned.put("concurrentWorkers", options.tunedWorkers());
    figures.put("benchmark", "certmanager").put("count", n).put("concurrency", options.concurrency())
        .put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString())
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("kubernetes", client.getKubernetesVersion().getGitVersion().replaceFirst("^v", ""))
        .put("operatorXmx", options.operatorHeap())
        .put("phases", CertManagerOptions.PHASES.stream().filter(options::runs).toList())
        .put("certManagerDefaultSettings", Map.of("kubeApiQps", 20, "kubeApiBurst", 50, "concurrentWorkers", 5))
        .put("certManagerTunedSettings", tuned);
    figures.line("certmanager benchmark: %d certificates per phase, %d create calls in flight, %d cores, Kubernetes %s",
        n, options.concurrency(), figures.get("cores"), figures.get("kubernetes"));
  }

  /** One phase: N creates, C in flight, until all are Ready; then the API server settles and the figures are taken. */
  private <T extends HasMetadata> CertManagerComparison.Phase phase(String key, String title, String namespace, Class<T> type,
      java.util.function.Function<T, ReadyTracker.Readiness> readiness, IntConsumer create, String ownWhat,
      OperatorProcess... controllers) throws InterruptedException {
    int n = options.count();
    figures.line("");
    figures.line("%s", title);
    Figures phase = figures.part();
    RequestFigures requests = new RequestFigures(phase, new ApiServerMetrics(client));
    ProcessCpu cpu = new ProcessCpu().with("kube-apiserver", options.apiServerPid()).with("etcd", options.etcdPid())
        .with("bench", ProcessHandle.current().pid());
    for (OperatorProcess c : controllers) {
      cpu.with(c.name(), c.pid());
    }
    LatencyRecorder latencies = new LatencyRecorder(n);
    BoundedCreates.Result creates;
    ApiServerMetrics.Counts delta;
    Map<String, Double> cpuUsed;
    try (ReadyTracker<T> tracker = new ReadyTracker<>(client, type, namespace, latencies, readiness)) {
      ApiServerMetrics.Counts before = requests.scrape();
      Map<String, Duration> cpuBefore = cpu.snapshot();
      creates = BoundedCreates.run(n, options.concurrency(), create);
      for (int i = 0; i < n; i++) {
        long returned = creates.returnedNanos().get(i);
        if (returned != 0) {
          latencies.created(i, returned);
        }
      }
      phase.put("createsPerSecond", Figures.round(creates.perSecond(), 1)).put("createErrors", creates.failures());
      phase.line("creates: %d in %.2f s, %.1f/s%s", creates.succeeded(), (creates.lastReturnNanos() - creates.startNanos()) / 1e9,
          creates.perSecond(), creates.failureNote());
      String error = tracker.await(creates.succeeded(), options.stallTimeout(), controllers);
      if (error != null) {
        errors.add(key + ": " + error);
        phase.put("error", error);
        phase.line("ERROR: %s", error);
      }
      delta = requests.settle(before);
      cpuUsed = ProcessCpu.millisBetween(cpuBefore, cpu.snapshot());
    }
    double seconds = (latencies.lastReadyNanos() - creates.startNanos()) / 1e9;
    double rate = latencies.readyCount() == 0 || seconds <= 0 ? Double.NaN : latencies.readyCount() / seconds;
    double[] sorted = latencies.sortedLatenciesMillis();
    phase.put("ready", latencies.readyCount()).put("firstCreateToLastReadySeconds", Figures.round(seconds, 2))
        .put("certificatesPerSecond", Figures.round(rate, 1))
        .put("p50ReadyMs", Figures.round(LatencyRecorder.percentile(sorted, 50), 1))
        .put("p99ReadyMs", Figures.round(LatencyRecorder.percentile(sorted, 99), 1));
    phase.line("Ready: %d/%d in %.2f s from the first create: %.1f certificates/s (create-to-Ready p50 %.0f ms, p99 %.0f ms)",
        latencies.readyCount(), n, seconds, rate, phase.get("p50ReadyMs"), phase.get("p99ReadyMs"));
    requests.record(delta, n, "Certificate", n, n + " " + ownWhat);
    CpuFigures.record(phase, "certificate", "certificate (creates to settled)", n, cpuUsed);
    double sum = 0;
    boolean measured = controllers.length > 0;
    for (OperatorProcess c : controllers) {
      var peak = c.peakRssKib();
      if (peak.isPresent()) {
        double mib = Figures.round(ProcessMemory.mib(peak.getAsLong()), 1);
        phase.put(camel(c.name()) + "PeakRssMiB", mib);
        phase.line("%s peak RSS: %.1f MiB", c.name(), mib);
        sum += mib;
      } else {
        measured = false;
      }
    }
    phase.put("controllersPeakRssMiB", measured ? Figures.round(sum, 1) : null);
    if (controllers.length > 1) {
      phase.line("controllers' peak RSS summed: %.1f MiB", sum);
    }
    for (OperatorProcess c : controllers) {
      c.close();
    }
    figures.put(key, phase.asMap());
    return new CertManagerComparison.Phase(rate, measured ? sum : Double.NaN);
  }

  /** The self-signed issuer, the CA Certificate and the CA ClusterIssuer, untimed; returns once the CA issuer is Ready. */
  /** The CA ClusterIssuer every phase issues with: made by the first phase that runs cert-manager, then only awaited Ready. */
  private void issuers(OperatorProcess certManager) throws InterruptedException {
    if (issuersMade) {
      awaitIssuerReady(certManager);
      return;
    }
    issuersMade = true;
    figures.line("setting up the CA ClusterIssuer %s (ECDSA P-256 CA made by cert-manager's self-signed issuer)", CertManagerObjects.CA_ISSUER);
    certManagerApi.v1().clusterIssuers().resource(CertManagerObjects.selfSignedIssuer()).create();
    certManagerApi.v1().certificates().inNamespace(CA_NAMESPACE).resource(CertManagerObjects.caCertificate(CA_NAMESPACE)).create();
    await("the CA Secret " + CA_NAMESPACE + "/" + CertManagerObjects.CA_SECRET, certManager,
        () -> client.secrets().inNamespace(CA_NAMESPACE).withName(CertManagerObjects.CA_SECRET).get() != null);
    certManagerApi.v1().clusterIssuers().resource(CertManagerObjects.caIssuer()).create();
    awaitIssuerReady(certManager);
  }

  private void awaitIssuerReady(OperatorProcess certManager) throws InterruptedException {
    await("the ClusterIssuer " + CertManagerObjects.CA_ISSUER + " Ready", certManager,
        () -> CertManagerObjects.ready(certManagerApi.v1().clusterIssuers().withName(CertManagerObjects.CA_ISSUER).get()));
  }

  private static void await(String what, OperatorProcess controller, Supplier<Boolean> done) throws InterruptedException {
    long deadline = System.nanoTime() + SETUP_MAX.toNanos();
    while (!done.get()) {
      controller.check();
      if (System.nanoTime() > deadline) {
        throw new BenchmarkFailure("no " + what + " after " + SETUP_MAX.toSeconds() + " s" + controller.logHint());
      }
      Thread.sleep(200);
    }
  }

  /** Deletes a phase's namespace and waits until it is gone, so the next phase's controllers find nothing of it. */
  private void deleteNamespace(String namespace) throws InterruptedException {
    long start = System.nanoTime();
    System.err.printf("[bench] deleting namespace %s%n", namespace);
    client.namespaces().withName(namespace).delete();
    long deadline = start + DELETE_MAX.toNanos();
    while (client.namespaces().withName(namespace).get() != null) {
      if (System.nanoTime() > deadline) {
        throw new BenchmarkFailure("namespace " + namespace + " was not gone after " + DELETE_MAX.toMinutes() + " min");
      }
      Thread.sleep(500);
    }
    System.err.printf("[bench] namespace %s deleted in %.1f s%n", namespace, (System.nanoTime() - start) / 1e9);
    awaitQuietApiServer();
  }

  /**
   * Waits (at most {@link RequestFigures#SETTLE_MAX}) until the API server serves almost nothing:
   * the kube-controller-manager's garbage collector keeps looking up the deleted objects' owners
   * and dependents (GETs answered 404) for a while after their namespace is gone, and those must
   * not count in the next phase.
   */
  private void awaitQuietApiServer() throws InterruptedException {
    ApiServerMetrics metrics = new ApiServerMetrics(client);
    long start = System.nanoTime();
    ApiServerMetrics.Counts last = metrics.scrape();
    while (System.nanoTime() - start < RequestFigures.SETTLE_MAX.toNanos()) {
      Thread.sleep(RequestFigures.SETTLE_STEP.toMillis());
      ApiServerMetrics.Counts now = metrics.scrape();
      ApiServerMetrics.Counts delta = now.minus(last);
      last = now;
      // The scrape itself is one non-resource GET; a handful more is the plane's own upkeep.
      if (delta.total() - delta.of("GET", "", "") <= 5) {
        break;
      }
    }
    System.err.printf("[bench] API server quiet after %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  /**
   * After a Keyfleet phase, with its operator stopped: takes the DeviceIdentities' finalizers off
   * and deletes the namespace. The operator's revocation of deleted devices is not what this
   * benchmark measures, and at N=10,000 it would outgrow the fleet CRL's ConfigMap (about 6,000
   * entries, docs/operations.md "CRLs") and never end.
   */
  private void releaseAndDelete(String namespace) throws InterruptedException {
    long start = System.nanoTime();
    var devices = client.resources(DeviceIdentity.class).inNamespace(namespace).list().getItems();
    for (DeviceIdentity d : devices) {
      if (d.getMetadata().getFinalizers() != null && !d.getMetadata().getFinalizers().isEmpty()) {
        client.resources(DeviceIdentity.class).inNamespace(namespace).withName(d.getMetadata().getName())
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
      }
    }
    System.err.printf("[bench] finalizers of %d DeviceIdentities in %s taken off in %.1f s%n", devices.size(), namespace,
        (System.nanoTime() - start) / 1e9);
    deleteNamespace(namespace);
  }

  private void createDevice(String namespace, int index) {
    client.resources(DeviceIdentity.class).inNamespace(namespace).resource(BenchObjects.device(namespace, index)).create();
  }

  private ControllerProcess certManager(String name, List<String> command) throws java.io.IOException {
    System.err.printf("[bench] starting %s: %s%n", name, String.join(" ", command));
    ControllerProcess cm = ControllerProcess.certManager(name, command, options.logDir(), options.pidDir());
    // Whether the client-side rate limit applies at all: cert-manager turns it off (qps -1) when
    // the API server does priority and fairness, whatever --kube-api-qps says.
    String limit = java.nio.file.Files.readAllLines(cm.log()).stream().filter(l -> l.contains("API client rate limit"))
        .map(l -> l.replaceAll(".*API client rate limit\"?\\s*", "").replaceAll("logger=\"[^\"]*\"\\s*", "")).findFirst().orElse("(not logged)");
    figures.put(camel(name) + "ClientRateLimit", limit);
    figures.line("%s client rate limit as it applies it: %s", name, limit);
    return cm;
  }

  private ControllerProcess operator(String name, String watched) {
    List<String> command = options.operatorCommand();
    System.err.printf("[bench] starting %s watching %s: %s%n", name, watched, String.join(" ", command));
    Map<String, String> env = Map.of("KEYFLEET_NAMESPACE", OPERATOR_NAMESPACE, "KEYFLEET_HTTP_PORT", "0",
        "KEYFLEET_LEADER_ELECTION", "false", "KEYFLEET_WATCH_NAMESPACES", watched);
    return ControllerProcess.operator(name, command, env, options.logDir(), options.pidDir());
  }

  private OperatorProcess watch(ControllerProcess process, java.nio.file.Path jcmd) {
    String name = process.name().startsWith("cert-manager") ? "cert-manager" : "operator";
    return new OperatorProcess(name, process.pid(), jcmd, process.log(), name.equals("operator") ? options.operatorHeap() : null);
  }

  /** "cert-manager" to "certManager". */
  static String camel(String name) {
    StringBuilder s = new StringBuilder();
    boolean up = false;
    for (char c : name.toCharArray()) {
      if (c == '-') {
        up = true;
      } else {
        s.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return s.toString();
  }

  private static String verdict(Object met) {
    return met == null ? "not measured" : (Boolean) met ? "met" : "NOT met";
  }
}
