package io.keyfleet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run of a benchmark (identities, campaign) is told on its command line (e2e/bin/bench
 * passes them).
 *
 * @param count DeviceIdentities to create (--count, or --devices), and objects for the baseline
 * @param concurrency create calls in flight at once, in both phases
 * @param namespace the namespace the operator watches, where the fleet and devices go
 * @param rawNamespace the namespace of the baseline Secrets, which the operator does not watch
 * @param operatorPid the operator process, for its memory (0: not measured)
 * @param operatorLog the operator's log, named in messages when it exits
 * @param operatorXmx the operator's -Xmx, reported as given
 * @param jcmd the JDK's jcmd, for the heap after a forced GC (null: not measured)
 * @param stallTimeout how long to wait without any device becoming Ready before giving up
 * @param apiServerPid the kube-apiserver process, for its CPU time (0: not measured)
 * @param etcdPid the etcd process, for its CPU time (0: not measured)
 * @param repository the fleet's OCI repository for update manifests, which holds the firmware
 *     (campaign benchmark; null for the identities one)
 * @param reportDelay how long a simulated device takes from its assignment to its Succeeded report
 *     (campaign benchmark; 0: at once)
 */
public record BenchOptions(
    int count,
    int concurrency,
    String namespace,
    String rawNamespace,
    long operatorPid,
    Path operatorLog,
    String operatorXmx,
    Path jcmd,
    Duration stallTimeout,
    long apiServerPid,
    long etcdPid,
    String repository,
    Duration reportDelay) {

  static final String USAGE =
      """
      usage: IdentityBenchmark|CampaignBenchmark [--count N | --devices N] [--concurrency C] [--namespace NS]
                               [--raw-namespace NS] [--operator-pid PID] [--operator-log FILE] [--operator-xmx SIZE]
                               [--jcmd PATH] [--stall-timeout SECONDS] [--apiserver-pid PID] [--etcd-pid PID]
                               [--repository HOST:PORT/PATH] [--report-delay SECONDS]
      The client reads KUBECONFIG. Defaults: --count 10000 --concurrency 16 --namespace keyfleet-bench
      --raw-namespace bench-raw --stall-timeout 120; --repository is needed by CampaignBenchmark.""";

  public static BenchOptions parse(String... args) {
    int count = 10_000;
    int concurrency = 16;
    String namespace = "keyfleet-bench";
    String rawNamespace = "bench-raw";
    long pid = 0;
    Path log = null;
    String xmx = null;
    Path jcmd = null;
    Duration stall = Duration.ofSeconds(120);
    long apiServerPid = 0;
    long etcdPid = 0;
    String repository = null;
    Duration reportDelay = Duration.ZERO;
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
        case "--count", "--devices" -> count = positive(flag, value);
        case "--concurrency" -> concurrency = positive(flag, value);
        case "--namespace" -> namespace = value;
        case "--raw-namespace" -> rawNamespace = value;
        case "--operator-pid" -> pid = Long.parseLong(value);
        case "--operator-log" -> log = Path.of(value);
        case "--operator-xmx" -> xmx = value;
        case "--jcmd" -> jcmd = value.isEmpty() ? null : Path.of(value);
        case "--stall-timeout" -> stall = Duration.ofSeconds(positive(flag, value));
        case "--apiserver-pid" -> apiServerPid = Long.parseLong(value);
        case "--etcd-pid" -> etcdPid = Long.parseLong(value);
        case "--repository" -> repository = value;
        case "--report-delay" -> reportDelay = Duration.ofSeconds(nonNegative(flag, value));
        default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
      }
    }
    if (namespace.equals(rawNamespace)) {
      throw new IllegalArgumentException("--namespace and --raw-namespace must differ (the operator must not see the raw Secrets)");
    }
    return new BenchOptions(count, concurrency, namespace, rawNamespace, pid, log, xmx, jcmd, stall, apiServerPid, etcdPid, repository, reportDelay);
  }

  private static int nonNegative(String flag, String value) {
    return value.equals("0") ? 0 : positive(flag, value);
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
