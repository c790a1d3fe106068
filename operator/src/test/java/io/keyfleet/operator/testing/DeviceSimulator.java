package io.keyfleet.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.identity.UpdateAssignment;
import io.keyfleet.api.v1alpha1.identity.UpdateState;
import io.keyfleet.connector.UpdateReporter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A test double for the devices' connectors: it watches DeviceIdentities and, for every new update
 * assignment, reports Downloading and then Succeeded (running the new version) or Failed, with
 * server-side apply of status.reported under field manager keyfleet-connector, as a real
 * connector does. Which devices fail is the test's choice.
 */
public final class DeviceSimulator implements AutoCloseable {
  public static final String FIELD_MANAGER = UpdateReporter.FIELD_MANAGER;

  private final KubernetesClient client;
  private final String namespace;
  private final Predicate<DeviceIdentity> fails;
  private final UpdateReporter reporter;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final Map<String, Long> handled = new ConcurrentHashMap<>();
  private final AtomicInteger reports = new AtomicInteger();
  private final Map<String, String> assignments = new ConcurrentHashMap<>();
  private final AtomicInteger reassigned = new AtomicInteger();
  private volatile boolean silent;
  private SharedIndexInformer<DeviceIdentity> informer;

  public DeviceSimulator(KubernetesClient client, String namespace, Predicate<DeviceIdentity> fails) {
    this.client = client;
    this.namespace = namespace;
    this.fails = fails;
    this.reporter = new UpdateReporter(client, namespace, java.time.Clock.systemUTC());
  }

  /** Reports the firmware every device runs before any campaign. */
  public void reportInstalled(Iterable<String> names, String version) {
    for (String name : names) {
      report(name, version, "Idle", null, null, null);
    }
  }

  public DeviceSimulator start() {
    informer = client.resources(DeviceIdentity.class).inNamespace(namespace).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(DeviceIdentity d) {
        react(d);
      }

      @Override
      public void onUpdate(DeviceIdentity old, DeviceIdentity d) {
        react(d);
      }

      @Override
      public void onDelete(DeviceIdentity d, boolean unknown) {}
    });
    return this;
  }

  /** Stops answering new assignments (a fleet gone quiet). */
  public void silence(boolean silent) {
    this.silent = silent;
  }

  public int reports() {
    return reports.get();
  }

  /**
   * Assignments seen again with the same sequence but another assignment time: a device assigned
   * twice.
   */
  public int reassigned() {
    return reassigned.get();
  }

  private void react(DeviceIdentity d) {
    UpdateAssignment u = d.getStatus() == null ? null : d.getStatus().getUpdate();
    if (u == null || u.getSequence() == null) {
      return;
    }
    String seen = assignments.put(d.getMetadata().getName() + "#" + u.getSequence(), u.getAssignedAt());
    if (seen != null && !seen.equals(u.getAssignedAt())) {
      reassigned.incrementAndGet();
    }
    if (silent) {
      return;
    }
    String name = d.getMetadata().getName();
    Long before = handled.get(name);
    if (before != null && before >= u.getSequence()) {
      return;
    }
    handled.put(name, u.getSequence());
    String running = d.getStatus().getReported() == null ? null : d.getStatus().getReported().getFirmwareVersion();
    boolean failing = fails.test(d) && !Boolean.TRUE.equals(u.getRollback());
    pool.submit(() -> {
      report(name, running, "Downloading", u.getCampaign(), u.getSequence(), null);
      if (failing) {
        report(name, running, "Failed", u.getCampaign(), u.getSequence(), "install check failed (simulated)");
      } else {
        report(name, u.getVersion(), "Succeeded", u.getCampaign(), u.getSequence(), null);
      }
    });
  }

  /** One connector report, through the connector SDK: server-side apply of status.reported alone. */
  public void report(String name, String version, String state, String campaign, Long sequence, String message) {
    try {
      reporter.apply(name, reporter.report(version, UpdateState.valueOf(state), campaign, sequence, message));
      reports.incrementAndGet();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    pool.shutdownNow();
  }
}
