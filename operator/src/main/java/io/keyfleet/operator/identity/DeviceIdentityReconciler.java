package io.keyfleet.operator.identity;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.DeviceIdentityStatus;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.status.Indexes;
import io.keyfleet.operator.status.StatusPatch;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** Reconciles one device: resolves its fleet and reports what it is waiting for. */
@ControllerConfiguration(name = DeviceIdentityReconciler.NAME)
public class DeviceIdentityReconciler implements Reconciler<DeviceIdentity> {
  public static final String NAME = "deviceidentity";
  static final String BY_FLEET = "byFleet";

  private final Clock clock;

  public DeviceIdentityReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, DeviceIdentity>> prepareEventSources(EventSourceContext<DeviceIdentity> context) {
    context
        .getPrimaryCache()
        .addIndexer(BY_FLEET, d -> List.of(Indexes.key(d.getMetadata().getNamespace(), d.getSpec().getFleetRef().getName())));
    var fleets =
        InformerEventSourceConfiguration.from(DeviceFleet.class, DeviceIdentity.class)
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(fleet -> Indexes.referrers(context.getPrimaryCache(), BY_FLEET, fleet))
            .withPrimaryToSecondaryMapper(
                (DeviceIdentity d) ->
                    Set.of(new ResourceID(d.getSpec().getFleetRef().getName(), d.getMetadata().getNamespace())))
            .withOnUpdateFilter(Indexes::specOrReadinessChanged)
            .build();
    return List.of(new InformerEventSource<>(fleets, context));
  }

  @Override
  public UpdateControl<DeviceIdentity> reconcile(DeviceIdentity device, Context<DeviceIdentity> context) {
    var fleet = context.getSecondaryResource(DeviceFleet.class);
    DeviceIdentityStatus current = owned(device.getStatus());
    DeviceIdentityStatus desired = current == null ? new DeviceIdentityStatus() : StatusPatch.copy(current);
    desired.setObservedGeneration(device.getMetadata().getGeneration());
    desired.setConditions(
        Conditions.merge(
            desired.getConditions(), IdentityReadiness.decide(device, fleet), device.getMetadata().getGeneration(), clock));
    return StatusPatch.ifChanged(device, current, desired, DeviceIdentity::new);
  }

  /** The part of the status the operator owns: everything but the connector's report. */
  static DeviceIdentityStatus owned(DeviceIdentityStatus status) {
    if (status == null) {
      return null;
    }
    DeviceIdentityStatus copy = StatusPatch.copy(status);
    copy.setReported(null);
    return copy;
  }
}
