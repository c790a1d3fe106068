package io.keyfleet.simulator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.DeviceIdentitySpec;
import io.keyfleet.api.v1alpha1.common.ObjectRef;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Enrols simulated devices as a provisioning line would: one DeviceIdentity per device, named
 * {@code <prefix>-000001} ..., with its model and labels. Devices that exist already are kept.
 */
public final class Enrolment {
  private Enrolment() {}

  /** Creates the devices that do not exist yet; returns how many were created. */
  public static int enrol(KubernetesClient client, SimulatorOptions options, DeviceProfiles profiles) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Boolean>> created = new ArrayList<>();
      for (int i = 1; i <= options.create(); i++) {
        int n = i;
        created.add(pool.submit(() -> create(client, options, name(options.prefix(), n), profiles.model(n - 1))));
      }
      int count = 0;
      for (Future<Boolean> f : created) {
        count += f.get() ? 1 : 0;
      }
      return count;
    } finally {
      pool.shutdownNow();
    }
  }

  public static String name(String prefix, int n) {
    return String.format(Locale.ROOT, "%s-%06d", prefix, n);
  }

  private static boolean create(KubernetesClient client, SimulatorOptions options, String name, String model) {
    DeviceIdentity d = new DeviceIdentity();
    d.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(options.namespace()).withLabels(options.labels()).build());
    DeviceIdentitySpec spec = new DeviceIdentitySpec();
    ObjectRef fleet = new ObjectRef();
    fleet.setName(options.fleet());
    spec.setFleetRef(fleet);
    spec.setDeviceId(name.toUpperCase(Locale.ROOT));
    spec.setModel(model);
    d.setSpec(spec);
    try {
      client.resources(DeviceIdentity.class).inNamespace(options.namespace()).resource(d).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }
}
