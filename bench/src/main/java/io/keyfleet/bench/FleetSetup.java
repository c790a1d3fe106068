package io.keyfleet.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.api.v1alpha1.common.Condition;
import io.keyfleet.api.v1alpha1.common.ConditionTypes;
import java.time.Duration;

/** Creates what devices need before the first one: the namespace, the policy and the fleet, and waits until the fleet is Ready. */
public final class FleetSetup {
  static final Duration FLEET_READY_MAX = Duration.ofSeconds(120);

  private final KubernetesClient client;
  private final OperatorProcess operator;

  public FleetSetup(KubernetesClient client, OperatorProcess operator) {
    this.client = client;
    this.operator = operator;
  }

  public void ensureNamespace(String name) {
    if (client.namespaces().withName(name).get() == null) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }
  }

  /** Creates the policy and the fleet and returns the seconds until the fleet was Ready. */
  public double create(KeyRotationPolicy policy, DeviceFleet fleet) throws InterruptedException {
    String ns = fleet.getMetadata().getNamespace();
    String name = fleet.getMetadata().getName();
    client.resources(KeyRotationPolicy.class).inNamespace(ns).resource(policy).create();
    client.resources(DeviceFleet.class).inNamespace(ns).resource(fleet).create();
    long start = System.nanoTime();
    long deadline = start + FLEET_READY_MAX.toNanos();
    while (true) {
      DeviceFleet now = client.resources(DeviceFleet.class).inNamespace(ns).withName(name).get();
      var ready = now == null || now.getStatus() == null ? null
          : now.getStatus().getConditions().stream().filter(c -> ConditionTypes.READY.equals(c.getType())).findFirst().orElse(null);
      if (ready != null && ready.getStatus() == Condition.Status.True) {
        return (System.nanoTime() - start) / 1e9;
      }
      operator.check();
      if (System.nanoTime() > deadline) {
        throw new BenchmarkFailure("the DeviceFleet " + ns + "/" + name + " was not Ready after " + FLEET_READY_MAX.toSeconds() + " s"
            + (ready == null ? " (no Ready condition: is the operator watching " + ns + "?)" : ": " + ready.getReason() + ": " + ready.getMessage()));
      }
      Thread.sleep(200);
    }
  }
}
