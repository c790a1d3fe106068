package io.keyfleet.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.keyfleet.api.v1alpha1.DeviceIdentity;

/**
 * One informer on the namespace's DeviceIdentities for the campaign phase: each event is stamped
 * (System.nanoTime()) as it arrives and handed to the {@link AssignmentTracker}, then to the
 * {@link SimulatedConnector}, which reacts to it.
 */
public final class DeviceWatch implements AutoCloseable {
  private final SharedIndexInformer<DeviceIdentity> informer;

  /** Starts watching and returns once the informer has listed every device. */
  public DeviceWatch(KubernetesClient client, String namespace, AssignmentTracker tracker, SimulatedConnector connector) {
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
      public void onDelete(DeviceIdentity d, boolean finalStateUnknown) {}

      private void seen(DeviceIdentity d) {
        tracker.seen(d, System.nanoTime());
        connector.seen(d);
      }
    }, 0);
  }

  @Override
  public void close() {
    informer.close();
  }
}
