package io.keyfleet.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.common.Condition;
import io.keyfleet.api.v1alpha1.common.ConditionTypes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the bench namespace's DeviceIdentities (an informer started before the first create)
 * and records, for each device, when an event first showed its Ready condition True. It also
 * keeps the latest Ready reason of devices not yet Ready, to say why when they never get there.
 */
public final class ReadyTracker implements AutoCloseable {
  private final LatencyRecorder latencies;
  private final Map<String, String> pendingReasons = new ConcurrentHashMap<>();
  private final SharedIndexInformer<DeviceIdentity> informer;

  public ReadyTracker(KubernetesClient client, String namespace, LatencyRecorder latencies) {
    this.latencies = latencies;
    this.informer = client.resources(DeviceIdentity.class).inNamespace(namespace).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(DeviceIdentity d) {
        seen(d);
      }

      @Override
      public void onUpdate(DeviceIdentity old, DeviceIdentity d) {
        seen(d);
      }

      @Override
      public void onDelete(DeviceIdentity d, boolean finalStateUnknown) {
        pendingReasons.remove(d.getMetadata().getName());
      }
    }, 0);
  }

  private void seen(DeviceIdentity d) {
    long now = System.nanoTime();
    int index = BenchObjects.deviceIndex(d.getMetadata().getName());
    if (index < 0 || index >= latencies.size() || latencies.isReady(index)) {
      return;
    }
    Optional<Condition> ready = readyCondition(d);
    if (ready.isPresent() && ready.get().getStatus() == Condition.Status.True) {
      latencies.ready(index, now);
      pendingReasons.remove(d.getMetadata().getName());
    } else {
      pendingReasons.put(d.getMetadata().getName(), ready.map(Condition::getReason).orElse("(no Ready condition yet)"));
    }
  }

  static Optional<Condition> readyCondition(DeviceIdentity d) {
    if (d.getStatus() == null || d.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return d.getStatus().getConditions().stream().filter(c -> ConditionTypes.READY.equals(c.getType())).findFirst();
  }

  /**
   * Waits until {@code expected} devices were seen Ready; prints progress every 5 s on standard
   * error. Returns null then, or why it gave up: the operator exited, or no device became Ready
   * for {@code stallTimeout}.
   */
  public String await(int expected, Duration stallTimeout, OperatorProcess operator) throws InterruptedException {
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
      if (!operator.alive()) {
        return "the operator exited with " + now + "/" + expected + " devices Ready" + operator.logHint();
      }
      if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
        return "no device became Ready for " + stallTimeout.toSeconds() + " s; " + now + "/" + expected
            + " Ready; not Ready by reason: " + pendingByReason();
      }
      Thread.sleep(100);
    }
    return null;
  }

  /** How many not-Ready devices show each Ready reason (devices never seen are not counted). */
  public Map<String, Integer> pendingByReason() {
    Map<String, Integer> out = new TreeMap<>();
    pendingReasons.values().forEach(r -> out.merge(r, 1, Integer::sum));
    return out;
  }

  @Override
  public void close() {
    informer.close();
  }
}
