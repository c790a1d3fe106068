package io.keyfleet.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** The conditions of a run, first in every benchmark's JSON: which one, when, on how many cores, which Kubernetes. */
public final class RunConditions {
  private RunConditions() {}

  /** @param countKey the key of the run's object count: "count" (identities), "devices" (campaign) */
  public static void record(Figures figures, KubernetesClient client, String benchmark, String countKey, BenchOptions options) {
    figures.put("benchmark", benchmark).put(countKey, options.count()).put("concurrency", options.concurrency())
        .put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString())
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("kubernetes", client.getKubernetesVersion().getGitVersion().replaceFirst("^v", ""))
        .put("operatorXmx", options.operatorXmx());
  }
}
