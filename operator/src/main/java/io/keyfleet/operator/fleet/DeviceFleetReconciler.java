package io.keyfleet.operator.fleet;

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
import io.keyfleet.api.v1alpha1.DeviceFleetStatus;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.status.Indexes;
import io.keyfleet.operator.status.StatusPatch;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** Reconciles a fleet: resolves its rotation policy and checks its templates and issuer. */
@ControllerConfiguration(name = DeviceFleetReconciler.NAME)
public class DeviceFleetReconciler implements Reconciler<DeviceFleet> {
  public static final String NAME = "devicefleet";
  static final String BY_POLICY = "byPolicy";

  private final Clock clock;

  public DeviceFleetReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, DeviceFleet>> prepareEventSources(EventSourceContext<DeviceFleet> context) {
    context
        .getPrimaryCache()
        .addIndexer(
            BY_POLICY, f -> List.of(Indexes.key(f.getMetadata().getNamespace(), f.getSpec().getRotationPolicyRef().getName())));
    var policies =
        InformerEventSourceConfiguration.from(KeyRotationPolicy.class, DeviceFleet.class)
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(policy -> Indexes.referrers(context.getPrimaryCache(), BY_POLICY, policy))
            .withPrimaryToSecondaryMapper(
                (DeviceFleet f) ->
                    Set.of(new ResourceID(f.getSpec().getRotationPolicyRef().getName(), f.getMetadata().getNamespace())))
            .withOnUpdateFilter(Indexes::specOrReadinessChanged)
            .build();
    return List.of(new InformerEventSource<>(policies, context));
  }

  @Override
  public UpdateControl<DeviceFleet> reconcile(DeviceFleet fleet, Context<DeviceFleet> context) {
    var policy = context.getSecondaryResource(KeyRotationPolicy.class);
    DeviceFleetStatus current = fleet.getStatus();
    DeviceFleetStatus desired = current == null ? new DeviceFleetStatus() : StatusPatch.copy(current);
    desired.setObservedGeneration(fleet.getMetadata().getGeneration());
    desired.setConditions(
        Conditions.merge(
            desired.getConditions(), FleetReadiness.decide(fleet, policy), fleet.getMetadata().getGeneration(), clock));
    return StatusPatch.ifChanged(fleet, current, desired, DeviceFleet::new);
  }
}
