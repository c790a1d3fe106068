package io.keyfleet.bench;

import java.nio.file.Path;
import java.time.Duration;

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
    Flags flags = Flags.parse(USAGE, args).alias("--devices", "--count");
    BenchOptions options = new BenchOptions(
        flags.positive("--count", 10_000),
        flags.positive("--concurrency", 16),
        flags.text("--namespace", "keyfleet-bench"),
        flags.text("--raw-namespace", "bench-raw"),
        flags.processId("--operator-pid"),
        flags.path("--operator-log", null),
        flags.text("--operator-xmx", null),
        flags.path("--jcmd", null),
        Duration.ofSeconds(flags.positive("--stall-timeout", 120)),
        flags.processId("--apiserver-pid"),
        flags.processId("--etcd-pid"),
        flags.text("--repository", null),
        Duration.ofSeconds(flags.zeroOrMore("--report-delay", 0)));
    flags.rejectUnknown();
    if (options.namespace().equals(options.rawNamespace())) {
      throw new IllegalArgumentException("--namespace and --raw-namespace must differ (the operator must not see the raw Secrets)");
    }
    return options;
  }
}
