package io.keyfleet.operator;

import io.keyfleet.api.v1alpha1.common.Durations;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How one operator process runs, read from its environment (the Helm chart sets these).
 *
 * @param namespace the operator's own namespace: leader-election Lease, fleet CA and signing keys
 * @param watchNamespaces namespaces whose Keyfleet resources it reconciles; empty means all
 * @param instance this replica's identity in the Lease (the pod name in a cluster)
 * @param leaderElection whether replicas elect a leader (off only for single-process tests)
 * @param httpPort port of /healthz, /readyz, /metrics and the CRL endpoint; 0 picks a free one
 * @param crlBaseUrl how devices and relying parties reach that port (the CRL distribution point)
 */
public record OperatorSettings(
    String namespace,
    Set<String> watchNamespaces,
    String instance,
    boolean leaderElection,
    String leaseName,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod,
    int httpPort,
    String crlBaseUrl,
    int reconcileThreads) {

  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    return new OperatorSettings(
        env.getOrDefault("KEYFLEET_NAMESPACE", "keyfleet-system"),
        Arrays.stream(env.getOrDefault("KEYFLEET_WATCH_NAMESPACES", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet()),
        env.getOrDefault("KEYFLEET_INSTANCE", env.getOrDefault("POD_NAME", defaultInstance())),
        Boolean.parseBoolean(env.getOrDefault("KEYFLEET_LEADER_ELECTION", "true")),
        env.getOrDefault("KEYFLEET_LEASE_NAME", "keyfleet-operator"),
        duration(env, "KEYFLEET_LEASE_DURATION", "15s"),
        duration(env, "KEYFLEET_RENEW_DEADLINE", "10s"),
        duration(env, "KEYFLEET_RETRY_PERIOD", "2s"),
        Integer.parseInt(env.getOrDefault("KEYFLEET_HTTP_PORT", "8081")),
        env.getOrDefault(
            "KEYFLEET_CRL_BASE_URL",
            "http://keyfleet-operator." + env.getOrDefault("KEYFLEET_NAMESPACE", "keyfleet-system") + ".svc:8081"),
        positive(env, "KEYFLEET_RECONCILE_THREADS", "16"));
  }

  private static int positive(Map<String, String> env, String name, String fallback) {
    String value = env.getOrDefault(name, fallback);
    try {
      int n = Integer.parseInt(value.trim());
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": expected a whole number of at least 1, got '" + value + "'", e);
    }
  }

  private static Duration duration(Map<String, String> env, String name, String fallback) {
    String value = env.getOrDefault(name, fallback);
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  private static String defaultInstance() {
    try {
      return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
    } catch (Exception e) {
      return "keyfleet-" + ProcessHandle.current().pid();
    }
  }
}
