package io.keyfleet.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time (user + system) used so far by named processes: the operator, the API server, etcd
 * and the benchmark itself. On a shared machine the CPU a phase costs is steadier than its rate.
 */
public final class ProcessCpu {
  private final Map<String, Long> pids = new LinkedHashMap<>();

  /** The processes of a run: the operator, kube-apiserver, etcd (when their pids are known) and the bench itself. */
  public static ProcessCpu of(BenchOptions options) {
    return new ProcessCpu().with("operator", options.operatorPid()).with("kube-apiserver", options.apiServerPid())
        .with("etcd", options.etcdPid()).with("bench", ProcessHandle.current().pid());
  }

  /** Adds a process to measure; pid 0 means not known, and is skipped. */
  public ProcessCpu with(String name, long pid) {
    if (pid > 0) {
      pids.put(name, pid);
    }
    return this;
  }

  /** CPU used so far by each process still running. */
  public Map<String, Duration> snapshot() {
    Map<String, Duration> out = new LinkedHashMap<>();
    pids.forEach((name, pid) -> ProcessHandle.of(pid)
        .flatMap(p -> p.info().totalCpuDuration())
        .ifPresent(d -> out.put(name, d)));
    return out;
  }

  /** CPU milliseconds used between two snapshots, by process. */
  public static Map<String, Double> millisBetween(Map<String, Duration> before, Map<String, Duration> after) {
    Map<String, Double> out = new LinkedHashMap<>();
    after.forEach((name, d) -> {
      Duration b = before.get(name);
      if (b != null) {
        out.put(name, d.minus(b).toNanos() / 1e6);
      }
    });
    return out;
  }
}
