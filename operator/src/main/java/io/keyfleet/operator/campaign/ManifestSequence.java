package io.keyfleet.operator.campaign;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.keyfleet.api.v1alpha1.DeviceFleet;

/**
 * Hands out a fleet's manifest sequence numbers. The last one lives in the fleet's status
 * ({@code status.signing.lastManifestSequence}); taking the next is a JSON patch whose {@code test}
 * operation makes it a compare-and-swap, so two campaigns (or two operator replicas) never get
 * the same number, and a number once taken is never handed out again, also after a restart.
 */
public final class ManifestSequence {
  private static final int ATTEMPTS = 10;
  private final KubernetesClient client;

  public ManifestSequence(KubernetesClient client) {
    this.client = client;
  }

  /** The fleet's next sequence number, now taken. */
  public long next(String namespace, String fleetName) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      var resource = client.resources(DeviceFleet.class).inNamespace(namespace).withName(fleetName);
      DeviceFleet fleet = resource.get();
      if (fleet == null) {
        throw new IllegalStateException("DeviceFleet " + namespace + "/" + fleetName + " is gone");
      }
      var signing = fleet.getStatus() == null ? null : fleet.getStatus().getSigning();
      if (signing == null) {
        throw new IllegalStateException("DeviceFleet " + namespace + "/" + fleetName + " has no update-signing status yet");
      }
      Long last = signing.getLastManifestSequence();
      long next = last == null ? 1 : last + 1;
      String patch = last == null
          ? "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\"" + fleet.getMetadata().getResourceVersion() + "\"},"
              + "{\"op\":\"add\",\"path\":\"/status/signing/lastManifestSequence\",\"value\":" + next + "}]"
          : "[{\"op\":\"test\",\"path\":\"/status/signing/lastManifestSequence\",\"value\":" + last + "},"
              + "{\"op\":\"replace\",\"path\":\"/status/signing/lastManifestSequence\",\"value\":" + next + "}]";
      try {
        resource.subresource("status").patch(new PatchContext.Builder().withPatchType(PatchType.JSON).withFieldManager(UpdateAssigner.FIELD_MANAGER).build(), patch);
        return next;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 422 && e.getCode() != 409) {
          throw e;
        }
        // another writer took a number (the test failed): read again and retry
      }
    }
    throw new IllegalStateException("could not take a manifest sequence number for " + namespace + "/" + fleetName + " after " + ATTEMPTS + " attempts");
  }
}
