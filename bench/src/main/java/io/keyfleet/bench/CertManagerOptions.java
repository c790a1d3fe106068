package io.keyfleet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
    long etcdPid) {

  static final String USAGE =
      """
      usage: CertManagerBenchmark --cert-manager PATH --operator-jar PATH --log-dir DIR --pid-dir DIR
                                  [--count N] [--concurrency C] [--stall-timeout SECONDS]
                                  [--tuned-workers W] [--tuned-qps Q] [--java PATH] [--operator-heap SIZE]
                                  [--operator-java-opts "OPTS"] [--jcmd PATH] [--apiserver-pid PID] [--etcd-pid PID]
      The client reads KUBECONFIG; the controllers it starts get the same KUBECONFIG. Defaults: --count 10000
      --concurrency 16 --stall-timeout 120 --tuned-workers 16 --tuned-qps 10000 --java java --operator-heap 1g.""";

  public static CertManagerOptions parse(String... args) {
    int count = 10_000;
    int concurrency = 16;
    Duration stall = Duration.ofSeconds(120);
    Path certManager = null;
    int workers = 16;
    int qps = 10_000;
    Path java = Path.of("java");
    Path jar = null;
    String heap = "1g";
    List<String> javaOpts = List.of();
    Path jcmd = null;
    Path logDir = null;
    Path pidDir = null;
    long apiServerPid = 0;
    long etcdPid = 0;
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String flag = rest.remove(0);
      if (flag.equals("-h") || flag.equals("--help")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (rest.isEmpty()) {
        throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
      }
      String value = rest.remove(0);
      switch (flag) {
        case "--count" -> count = positive(flag, value);
        case "--concurrency" -> concurrency = positive(flag, value);
        case "--stall-timeout" -> stall = Duration.ofSeconds(positive(flag, value));
        case "--cert-manager" -> certManager = Path.of(value);
        case "--tuned-workers" -> workers = positive(flag, value);
        case "--tuned-qps" -> qps = positive(flag, value);
        case "--java" -> java = Path.of(value);
        case "--operator-jar" -> jar = Path.of(value);
        case "--operator-heap" -> heap = value;
        case "--operator-java-opts" -> javaOpts = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
        case "--jcmd" -> jcmd = value.isEmpty() ? null : Path.of(value);
        case "--log-dir" -> logDir = Path.of(value);
        case "--pid-dir" -> pidDir = Path.of(value);
        case "--apiserver-pid" -> apiServerPid = Long.parseLong(value);
        case "--etcd-pid" -> etcdPid = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
      }
    }
    if (certManager == null || jar == null || logDir == null || pidDir == null) {
      throw new IllegalArgumentException("--cert-manager, --operator-jar, --log-dir and --pid-dir are needed\n" + USAGE);
    }
    return new CertManagerOptions(count, concurrency, stall, certManager, workers, qps, java, jar, heap, javaOpts, jcmd,
        logDir, pidDir, apiServerPid, etcdPid);
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

  private static int positive(String flag, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(flag + " must be a positive whole number, not '" + value + "'");
  }
}
