package io.keyfleet.operator.status;

import io.keyfleet.api.v1alpha1.DeviceFleetStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.fabric8.kubernetes.client.CustomResource;
import io.keyfleet.api.v1alpha1.common.ConditionTypes;
import io.keyfleet.api.v1alpha1.common.KeyfleetStatus;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.keyfleet.operator.cache.LeanItemStore;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.Set;
import java.util.stream.Collectors;

/** Cache indexes that map a referenced object back to the objects that reference it by name. */
public final class Indexes {
  private Indexes() {}

  /** The index key of a name in a namespace. */
  public static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** The index key of an object. */
  public static String key(HasMetadata object) {
    return key(object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  /** The primaries that the index maps to the referenced object. */
  public static <P extends HasMetadata> Set<ResourceID> referrers(
      IndexedResourceCache<P> cache, String index, HasMetadata referenced) {
    return cache.byIndex(index, key(referenced)).stream().map(ResourceID::fromResource).collect(Collectors.toSet());
  }

  /**
   * An event source for objects the primaries refer to by name in their namespace (a device's
   * fleet, a fleet's policy): an index on the primary cache maps a referenced object back to its
   * referrers, and only spec or readiness changes of the referenced object wake them.
   */
  public static <P extends HasMetadata, R extends CustomResource<?, ? extends KeyfleetStatus>> InformerEventSource<R, P> referencedByName(
      EventSourceContext<P> context, Class<R> referenced, Class<P> primary, String index, Function<P, String> referenceName) {
    context.getPrimaryCache().addIndexer(index, p -> List.of(key(p.getMetadata().getNamespace(), referenceName.apply(p))));
    var configuration =
        InformerEventSourceConfiguration.from(referenced, primary)
            .withItemStore(new LeanItemStore<R>())
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(r -> referrers(context.getPrimaryCache(), index, r))
            .withPrimaryToSecondaryMapper((P p) -> Set.of(new ResourceID(referenceName.apply(p), p.getMetadata().getNamespace())))
            .withOnUpdateFilter(Indexes::specOrReadinessChanged)
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  /**
   * Whether an update of a referenced object can matter to its referrers: its spec or its Ready
   * condition changed. Counts and other status facts do not fan out to thousands of referrers.
   */
  public static boolean specOrReadinessChanged(
      CustomResource<?, ? extends KeyfleetStatus> newer, CustomResource<?, ? extends KeyfleetStatus> older) {
    return !Objects.equals(newer.getMetadata().getGeneration(), older.getMetadata().getGeneration())
        || !Objects.equals(readiness(newer), readiness(older));
  }

  private static String readiness(CustomResource<?, ? extends KeyfleetStatus> resource) {
    if (resource.getStatus() == null) {
      return null;
    }
    String ready = Conditions.find(resource.getStatus().getConditions(), ConditionTypes.READY)
        .map(c -> c.getStatus() + "/" + c.getReason() + "/" + c.getMessage())
        .orElse(null);
    // A fleet's trusted update-signing keys go into every device Secret: a change must reach them.
    if (resource.getStatus() instanceof DeviceFleetStatus fleet && fleet.getSigning() != null) {
      return ready + "/" + fleet.getSigning().getTrustedKeyIds();
    }
    return ready;
  }
}
