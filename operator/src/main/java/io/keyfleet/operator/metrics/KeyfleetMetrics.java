package io.keyfleet.operator.metrics;

import static io.keyfleet.operator.metrics.MetricNames.FLEET;
import static io.keyfleet.operator.metrics.MetricNames.NAMESPACE;
import static io.keyfleet.operator.metrics.MetricNames.OPERATION;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts what the operator did, per fleet: certificates issued, renewed, rotated and revoked,
 * manifests signed and published, registry calls that failed. Every fleet the operator sees has
 * all its counters, at zero until something happens (a rate over a series that does not exist yet
 * is no rate at all); a deleted fleet's counters go with it.
 */
public final class KeyfleetMetrics {
  /** A fleet by namespace and name: the two labels every Keyfleet counter has. */
  public record FleetId(String namespace, String name) {}

  private final MeterRegistry registry;
  private final Map<FleetId, FleetCounters> fleets = new ConcurrentHashMap<>();
  /** The fleets the last {@link #retain} saw: only these can be found gone. */
  private Set<FleetId> inView = Set.of();

  public KeyfleetMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A first certificate for a device. */
  public void issued(String namespace, String fleet) {
    counters(namespace, fleet).issued.increment();
  }

  /** A new certificate for the device's existing key. */
  public void renewed(String namespace, String fleet) {
    counters(namespace, fleet).renewed.increment();
  }

  /** A new certificate for a new key. */
  public void rotated(String namespace, String fleet) {
    counters(namespace, fleet).rotated.increment();
  }

  /** Certificates newly put on the fleet's CRL (a revoked or deleted device, a superseded certificate). */
  public void revoked(String namespace, String fleet, long certificates) {
    if (certificates > 0) {
      counters(namespace, fleet).revoked.increment(certificates);
    }
  }

  public void manifestSigned(String namespace, String fleet) {
    counters(namespace, fleet).signed.increment();
  }

  public void manifestPublished(String namespace, String fleet) {
    counters(namespace, fleet).published.increment();
  }

  public void registryError(String namespace, String fleet, RegistryOperation operation) {
    counters(namespace, fleet).registryErrors.get(operation).increment();
  }

  /**
   * Gives every fleet in view its counters, and removes the counters of fleets that were in view
   * last time and are gone now (deleted). A fleet that was never in view keeps its counters: at
   * start-up a device can be handled a moment before the fleets' cache lists its fleet.
   */
  public synchronized void retain(Set<FleetId> fleetsInView) {
    fleetsInView.forEach(f -> counters(f.namespace(), f.name()));
    for (FleetId gone : inView) {
      if (!fleetsInView.contains(gone)) {
        FleetCounters counters = fleets.remove(gone);
        if (counters != null) {
          counters.meters().forEach(registry::remove);
        }
      }
    }
    inView = new HashSet<>(fleetsInView);
  }

  private FleetCounters counters(String namespace, String fleet) {
    return fleets.computeIfAbsent(new FleetId(namespace, fleet), id -> new FleetCounters(registry, Tags.of(NAMESPACE, id.namespace(), FLEET, id.name())));
  }

  private static final class FleetCounters {
    final Counter issued;
    final Counter renewed;
    final Counter rotated;
    final Counter revoked;
    final Counter signed;
    final Counter published;
    final Map<RegistryOperation, Counter> registryErrors = new EnumMap<>(RegistryOperation.class);

    FleetCounters(MeterRegistry registry, Tags fleet) {
      issued = counter(registry, MetricNames.CERTIFICATES_ISSUED, "Device certificates issued for the first time", fleet);
      renewed = counter(registry, MetricNames.CERTIFICATES_RENEWED, "Device certificates renewed with the same key", fleet);
      rotated = counter(registry, MetricNames.CERTIFICATES_ROTATED, "Device certificates renewed with a new key (key rotations)", fleet);
      revoked = counter(registry, MetricNames.CERTIFICATES_REVOKED, "Certificates put on the fleet CRL", fleet);
      signed = counter(registry, MetricNames.MANIFESTS_SIGNED, "Update manifests signed with the fleet's update-signing key", fleet);
      published = counter(registry, MetricNames.MANIFESTS_PUBLISHED, "Update manifests pushed to the fleet's OCI repository", fleet);
      for (RegistryOperation operation : RegistryOperation.values()) {
        registryErrors.put(operation, counter(registry, MetricNames.REGISTRY_ERRORS, "OCI registry calls that failed, by operation",
            fleet.and(OPERATION, operation.label())));
      }
    }

    List<Meter> meters() {
      List<Meter> all = new ArrayList<>(List.of(issued, renewed, rotated, revoked, signed, published));
      all.addAll(registryErrors.values());
      return all;
    }

    private static Counter counter(MeterRegistry registry, String name, String description, Tags tags) {
      return Counter.builder(name).description(description).tags(tags).register(registry);
    }
  }
}
