package io.keyfleet.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
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
import java.util.function.Function;

/**
 * Watches the bench namespace's objects of one kind (DeviceIdentities; cert-manager Certificates in
 * the certmanager benchmark) with an informer started before the first create, and records, for
 * each object, when an event first showed it Ready. It also keeps the latest Ready reason of
 * objects not yet Ready, to say why when they never get there.
 *
 * @param <T> the kind watched; objects are named as {@link BenchObjects#deviceName(int)}
 */
public final class ReadyTracker<T extends HasMetadata> implements AutoCloseable {
  /** What one object's Ready condition says: Ready, or the reason it is not. */
  public record Readiness(boolean ready, String reason) {}

  private final LatencyRecorder latencies;
  private final Function<T, Readiness> readiness;
  private final Map<String, String> pendingReasons = new ConcurrentHashMap<>();
  private final SharedIndexInformer<T> informer;

  public ReadyTracker(KubernetesClient client, Class<T> type, String namespace, LatencyRecorder latencies,
      Function<T, Readiness> readiness) {
    this.latencies = latencies;
    this.readiness = readiness;
    this.informer = client.resources(type).inNamespace(namespace).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(T o) {
        seen(o);
      }

      @Override
      public void onUpdate(T old, T o) {
        seen(o);
      }

      @Override
      public void onDelete(T o, boolean finalStateUnknown) {
        pendingReasons.remove(o.getMetadata().getName());
      }
    }, 0);
  }

  /** The DeviceIdentities of a namespace, Ready when their Ready condition is True. */
  public static ReadyTracker<DeviceIdentity> devices(KubernetesClient client, String namespace, LatencyRecorder latencies) {
    return new ReadyTracker<>(client, DeviceIdentity.class, namespace, latencies, ReadyTracker::deviceReadiness);
  }

  /** A DeviceIdentity is Ready when its Ready condition is True. */
  public static Readiness deviceReadiness(DeviceIdentity d) {
    Optional<Condition> ready = readyCondition(d);
    return new Readiness(ready.isPresent() && ready.get().getStatus() == Condition.Status.True,
        ready.map(Condition::getReason).orElse("(no Ready condition yet)"));
  }

  private void seen(T o) {
    long now = System.nanoTime();
    int index = BenchObjects.deviceIndex(o.getMetadata().getName());
    if (index < 0 || index >= latencies.size() || latencies.isReady(index)) {
      return;
    }
    Readiness r = readiness.apply(o);
    if (r.ready()) {
      latencies.ready(index, now);
      pendingReasons.remove(o.getMetadata().getName());
    } else {
      pendingReasons.put(o.getMetadata().getName(), r.reason());
    }
  }

  static Optional<Condition> readyCondition(DeviceIdentity d) {
    if (d.getStatus() == null || d.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return d.getStatus().getConditions().stream().filter(c -> ConditionTypes.READY.equals(c.getType())).findFirst();
  }

  /**
   * Waits until {@code expected} objects were seen Ready; prints progress every 5 s on standard
   * error. Returns null then, or why it gave up: one of the controller processes exited, or no
   * object became Ready for {@code stallTimeout}.
   */
  public String await(int expected, Duration stallTimeout, OperatorProcess... controllers) throws InterruptedException {
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
      for (OperatorProcess controller : controllers) {
        if (!controller.alive()) {
          return "the " + controller.name() + " exited with " + now + "/" + expected + " Ready" + controller.logHint();
        }
      }
      if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
        return "nothing became Ready for " + stallTimeout.toSeconds() + " s; " + now + "/" + expected
            + " Ready; not Ready by reason: " + pendingByReason();
      }
      Thread.sleep(100);
    }
    return null;
  }

  /** How many not-Ready objects show each Ready reason (objects never seen are not counted). */
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
