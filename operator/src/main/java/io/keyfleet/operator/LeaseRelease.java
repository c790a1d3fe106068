package io.keyfleet.operator;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the leader-election Lease up when a leading replica shuts down, so a standby takes over
 * at its next retry instead of waiting for the lease to expire. An empty holder is what the
 * Fabric8 elector (like client-go's) reads as free. The write is conditional on the resource
 * version, so it never clears a lease another replica has taken meanwhile.
 */
final class LeaseRelease {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseRelease.class);

  private LeaseRelease() {}

  /** True if this instance held the lease and gave it up. */
  static boolean release(KubernetesClient client, String namespace, String name, String instance) {
    try {
      Lease lease = client.leases().inNamespace(namespace).withName(name).get();
      if (lease == null || lease.getSpec() == null || !instance.equals(lease.getSpec().getHolderIdentity())) {
        return false;
      }
      lease.getSpec().setHolderIdentity("");
      lease.getSpec().setLeaseDurationSeconds(1);
      client.leases().inNamespace(namespace).resource(lease).update();
      LOG.info("released the lease instance={} lease={}/{}", instance, namespace, name);
      return true;
    } catch (KubernetesClientException e) {
      // Nothing lost: the lease expires on its own and a standby takes over then.
      LOG.warn("could not release the lease instance={} lease={}/{} code={}: {}", instance, namespace, name, e.getCode(), e.getMessage());
      return false;
    }
  }
}
