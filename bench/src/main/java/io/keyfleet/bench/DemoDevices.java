package io.keyfleet.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.identity.UpdateAssignment;
import io.keyfleet.api.v1alpha1.identity.UpdateState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Simulated devices for the demo ({@code e2e/bin/run}): every DeviceIdentity of a namespace first
 * reports the firmware it runs, then answers each update assignment the way a device's connector
 * would: Downloading, Installing, then Succeeded running the new version (server-side apply of
 * status.reported, field manager keyfleet-connector), a couple of seconds apart.
 *
 * <p>Usage: {@code java -cp <bench classpath> io.keyfleet.bench.DemoDevices <namespace> <installed version>}
 */
public final class DemoDevices {
  private DemoDevices() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: DemoDevices <namespace> <installed firmware version>");
      System.exit(2);
    }
    String namespace = args[0];
    String installed = args[1];
    ScheduledExecutorService steps = Executors.newScheduledThreadPool(2);
    Map<String, Long> handled = new ConcurrentHashMap<>();
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      ConnectorReports reports = new ConnectorReports(client, namespace);
      var devices = client.resources(DeviceIdentity.class).inNamespace(namespace);
      devices.inform(new ResourceEventHandler<>() {
        @Override
        public void onAdd(DeviceIdentity d) {
          // Every device starts on the installed version (the demo can run again and again).
          steps.execute(() -> reports.idle(d.getMetadata().getName(), installed));
          UpdateAssignment u = d.getStatus() == null ? null : d.getStatus().getUpdate();
          if (u != null && u.getSequence() != null) {
            handled.put(d.getMetadata().getName(), u.getSequence()); // an old campaign's assignment
          }
        }

        @Override
        public void onUpdate(DeviceIdentity old, DeviceIdentity d) {
          UpdateAssignment u = d.getStatus() == null ? null : d.getStatus().getUpdate();
          String name = d.getMetadata().getName();
          if (u == null || u.getSequence() == null || (handled.containsKey(name) && handled.get(name) >= u.getSequence())) {
            return;
          }
          handled.put(name, u.getSequence());
          String running = d.getStatus().getReported() == null ? installed : d.getStatus().getReported().getFirmwareVersion();
          System.out.printf("%s: assigned %s (manifest sequence %d, %s)%n", name, u.getVersion(), u.getSequence(), u.getManifestRef());
          steps.schedule(() -> reports.progress(name, running, UpdateState.Downloading, u.getCampaign(), u.getSequence()), 1, TimeUnit.SECONDS);
          steps.schedule(() -> reports.progress(name, running, UpdateState.Installing, u.getCampaign(), u.getSequence()), 2, TimeUnit.SECONDS);
          steps.schedule(() -> {
            reports.succeeded(name, u.getVersion(), u.getCampaign(), u.getSequence());
            System.out.printf("%s: running %s%n", name, u.getVersion());
          }, 3, TimeUnit.SECONDS);
        }

        @Override
        public void onDelete(DeviceIdentity d, boolean unknown) {}
      });
      System.out.printf("simulating the devices of namespace %s (installed firmware %s)%n", namespace, installed);
      new CountDownLatch(1).await();
    }
  }
}
