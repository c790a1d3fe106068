package io.keyfleet.connector;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.KeyfleetApi;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Watches the devices of one fleet: its DeviceIdentities and the device Secrets the operator
 * wrote for them (selected by the labels {@code keyfleet.io/fleet} and
 * {@code app.kubernetes.io/managed-by}, so no other Secret of the namespace is read or cached).
 *
 * <p>Built on the client's informers: a watch that breaks (an API server restart, a timeout) is
 * resumed from the last resource version seen, and when that version has been compacted away the
 * informer lists again and hands the listener every object whose state changed meanwhile. A
 * listener therefore sees the latest state of each device, never a gap; it may see the same state
 * twice, so it must act on states (for example the sequence of an assignment), not on events.
 */
public final class FleetWatch implements AutoCloseable {
  /** Called on the watch's thread, in the order of changes; hand long work to another thread. */
  public interface Listener {
    /** A device of the fleet was added or changed (spec or status). */
    default void deviceChanged(DeviceIdentity device) {}

    /** A device was deleted. */
    default void deviceRemoved(DeviceIdentity device) {}

    /** A device's Secret was written (first issuance, renewal, rotation, new update trust). */
    default void secretChanged(String device, Secret secret) {}
  }

  private final String namespace;
  private final String fleet;
  private final Listener listener;
  private final SharedIndexInformer<DeviceIdentity> devices;
  private final SharedIndexInformer<Secret> secrets;
  private final Map<String, CachedCredentials> credentials = new ConcurrentHashMap<>();

  private record CachedCredentials(String resourceVersion, DeviceCredentials credentials) {}

  private FleetWatch(KubernetesClient client, String namespace, String fleet, Listener listener) {
    this.namespace = namespace;
    this.fleet = fleet;
    this.listener = listener;
    this.secrets = client.secrets().inNamespace(namespace)
        .withLabels(Map.of(KeyfleetApi.LABEL_FLEET, fleet, KeyfleetApi.LABEL_MANAGED_BY, KeyfleetApi.MANAGED_BY))
        .runnableInformer(0);
    this.devices = client.resources(DeviceIdentity.class).inNamespace(namespace).runnableInformer(0);
    secrets.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Secret s) {
        secretEvent(s);
      }

      @Override
      public void onUpdate(Secret old, Secret s) {
        if (!Objects.equals(old.getMetadata().getResourceVersion(), s.getMetadata().getResourceVersion())) {
          secretEvent(s);
        }
      }

      @Override
      public void onDelete(Secret s, boolean unknownFinalState) {
        credentials.remove(deviceOf(s));
      }
    });
    devices.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(DeviceIdentity d) {
        if (inFleet(d)) {
          listener.deviceChanged(d);
        }
      }

      @Override
      public void onUpdate(DeviceIdentity old, DeviceIdentity d) {
        if (inFleet(d)) {
          listener.deviceChanged(d);
        }
      }

      @Override
      public void onDelete(DeviceIdentity d, boolean unknownFinalState) {
        if (inFleet(d)) {
          listener.deviceRemoved(d);
        }
      }
    });
  }

  /**
   * Starts watching and returns once both watches have listed what exists (the listener has been
   * told about every Secret, then every device, by then).
   */
  public static FleetWatch start(KubernetesClient client, String namespace, String fleet, Listener listener) {
    FleetWatch watch = new FleetWatch(client, namespace, fleet, listener);
    try {
      watch.secrets.start().toCompletableFuture().get(2, TimeUnit.MINUTES);
      watch.devices.start().toCompletableFuture().get(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      watch.close();
      throw new IllegalStateException("the watch of fleet " + namespace + "/" + fleet + " did not start: " + e.getMessage(), e);
    }
    return watch;
  }

  /** The device as last seen. */
  public Optional<DeviceIdentity> device(String name) {
    return Optional.ofNullable(devices.getStore().getByKey(namespace + "/" + name)).filter(this::inFleet);
  }

  /** Every device of the fleet as last seen. */
  public List<DeviceIdentity> devices() {
    return devices.getStore().list().stream().filter(this::inFleet).collect(Collectors.toList());
  }

  /** The device's Secret ({@code <device>-tls}) as last seen. */
  public Optional<Secret> secret(String device) {
    return Optional.ofNullable(secrets.getStore().getByKey(namespace + "/" + device + "-tls")).filter(s -> device.equals(deviceOf(s)));
  }

  /**
   * The device's credentials from its current Secret, built once per Secret version: after a
   * renewal or rotation the next call returns the new ones.
   */
  public Optional<DeviceCredentials> credentials(String device) {
    Optional<Secret> secret = secret(device);
    if (secret.isEmpty() || secret.get().getData() == null) {
      return Optional.empty();
    }
    String version = secret.get().getMetadata().getResourceVersion();
    CachedCredentials cached = credentials.get(device);
    if (cached == null || !cached.resourceVersion().equals(version)) {
      cached = new CachedCredentials(version, DeviceCredentials.fromSecretData(secret.get().getData()));
      credentials.put(device, cached);
    }
    return Optional.of(cached.credentials());
  }

  /** The device Secret's update-trust.pem (the keys that may sign its updates), or empty. */
  public Optional<String> updateTrust(String device) {
    return secret(device).map(Secret::getData).map(d -> d.get("update-trust.pem"))
        .map(b -> new String(Base64.getDecoder().decode(b), StandardCharsets.UTF_8));
  }

  private void secretEvent(Secret s) {
    String device = deviceOf(s);
    if (device != null) {
      listener.secretChanged(device, s);
    }
  }

  private boolean inFleet(DeviceIdentity d) {
    return d.getSpec() != null && d.getSpec().getFleetRef() != null && fleet.equals(d.getSpec().getFleetRef().getName());
  }

  private static String deviceOf(Secret s) {
    return s.getMetadata().getLabels() == null ? null : s.getMetadata().getLabels().get(KeyfleetApi.LABEL_DEVICE);
  }

  @Override
  public void close() {
    devices.close();
    secrets.close();
  }
}
