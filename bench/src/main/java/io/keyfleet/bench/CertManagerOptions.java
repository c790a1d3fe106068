package io.keyfleet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the certmanager benchmark is told on its command line (e2e/bin/bench certmanager passes
 * them). Unlike the other benchmarks it starts and stops the controllers itself, one phase after
 * another, so it is told how to start them rather than their pids.
 *
 * @param count certificates per phase
 * @param concurrency create calls in flight at once, in every phase
 * @param stallTimeout give up on a phase when nothing became Ready for this long
 * @param certManager the cert-manager binary (e2e/bin/control-plane bin cert-manager)
 * @param tunedWorkers --concurrent-workers of the tuned cert-manager (the defaults' is 5)
 * @param tunedQps --kube-api-qps and --kube-api-burst of the tuned cert-manager (the scaling guide's 10000)
 * @param java the java binary the operator's jar runs with
 * @param operatorJar the operator's shaded jar
 * @param operatorHeap the operator's -Xmx
 * @param operatorJavaOpts the operator's other JVM options (e2e/bin/lib/operator-jvm.sh)
 * @param jcmd the JDK's jcmd, for the operator's heap (null: not measured)
 * @param logDir where the controllers' logs go (the run's results folder)
 * @param pidDir where the controllers' pid files go, for the script's clean-up
 * @param apiServerPid the kube-apiserver process, for its CPU time (0: not measured)
 * @param etcdPid the etcd process, for its CPU time (0: not measured)
 * @param phases the phases to run (a1, a2, b, c, d; all by default), in the benchmark's order
 */
public record CertManagerOptions(
    int count,
    int concurrency,
    Duration stallTimeout,
    Path certManager,
    int tunedWorkers,
    int tunedQps,
    Path java,
    Path operatorJar,
    String operatorHeap,
    List<String> operatorJavaOpts,
    Path jcmd,
    Path logDir,
    Path pidDir,
    long apiServerPid,
    long etcdPid,
    Set<String> phases) {
  /** The phases, in the order they run. */
  public static final List<String> PHASES = List.of("a1", "a2", "b", "c", "d");

  static final String USAGE =
      """
      usage: CertManagerBenchmark --cert-manager PATH --operator-jar PATH --log-dir DIR --pid-dir DIR
                                  [--count N] [--concurrency C] [--stall-timeout SECONDS]
                                  [--tuned-workers W] [--tuned-qps Q] [--java PATH] [--operator-heap SIZE]
                                  [--operator-java-opts "OPTS"] [--jcmd PATH] [--apiserver-pid PID] [--etcd-pid PID]
                                  [--phases a1,a2,b,c,d]
      The client reads KUBECONFIG; the controllers it starts get the same KUBECONFIG. Defaults: --count 10000
      --concurrency 16 --stall-timeout 120 --tuned-workers 16 --tuned-qps 10000 --java java --operator-heap 1g
      --phases a1,a2,b,c,d (all).""";

  public static CertManagerOptions parse(String... args) {
    Flags flags = Flags.parse(USAGE, args);
    CertManagerOptions options = new CertManagerOptions(
        flags.positive("--count", 10_000),
        flags.positive("--concurrency", 16),
        Duration.ofSeconds(flags.positive("--stall-timeout", 120)),
        flags.path("--cert-manager", null),
        flags.positive("--tuned-workers", 16),
        flags.positive("--tuned-qps", 10_000),
        flags.path("--java", Path.of("java")),
        flags.path("--operator-jar", null),
        flags.text("--operator-heap", "1g"),
        flags.words("--operator-java-opts"),
        flags.path("--jcmd", null),
        flags.path("--log-dir", null),
        flags.path("--pid-dir", null),
        flags.processId("--apiserver-pid"),
        flags.processId("--etcd-pid"),
        phases(flags.text("--phases", String.join(",", PHASES))));
    flags.rejectUnknown();
    if (options.certManager() == null || options.operatorJar() == null || options.logDir() == null || options.pidDir() == null) {
      throw new IllegalArgumentException("--cert-manager, --operator-jar, --log-dir and --pid-dir are needed\n" + USAGE);
    }
    return options;
  }

  /** Whether the phase runs. */
  public boolean runs(String phase) {
    return phases.contains(phase);
  }

  static Set<String> phases(String list) {
    Set<String> phases = new LinkedHashSet<>();
    for (String p : list.split(",")) {
      String phase = p.trim();
      if (!PHASES.contains(phase)) {
        throw new IllegalArgumentException("--phases: '" + phase + "' is no phase; the phases are " + String.join(",", PHASES) + "\n" + USAGE);
      }
      phases.add(phase);
    }
    return Set.copyOf(phases);
  }

  /** cert-manager's arguments at its defaults: ours are the same as its own (e2e/tools/cert-manager/main.go). */
  public List<String> certManagerDefaultArgs(String kubeconfig, String clusterResourceNamespace) {
    return List.of(certManager.toString(), "--kubeconfig=" + kubeconfig, "--cluster-resource-namespace=" + clusterResourceNamespace, "--v=2");
  }

  /** The defaults plus what the scaling guide raises: the client's rate limit and burst, and the workers per controller. */
  public List<String> certManagerTunedArgs(String kubeconfig, String clusterResourceNamespace) {
    List<String> args = new ArrayList<>(certManagerDefaultArgs(kubeconfig, clusterResourceNamespace));
    args.addAll(List.of("--kube-api-qps=" + tunedQps, "--kube-api-burst=" + tunedQps, "--concurrent-workers=" + tunedWorkers));
    return args;
  }

  /** The operator's command line: java -Xmx<heap> <opts> -jar <jar>. */
  public List<String> operatorCommand() {
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx" + operatorHeap));
    command.addAll(operatorJavaOpts);
    command.addAll(List.of("-jar", operatorJar.toString()));
    return command;
  }
}
