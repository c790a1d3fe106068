package io.keyfleet.operator.policy;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.keyfleet.operator.cache.LeanItemStore;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.api.v1alpha1.KeyRotationPolicyStatus;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.status.StatusPatch;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** Reconciles a policy: validates it and lists the fleets that use it. */
@ControllerConfiguration(name = KeyRotationPolicyReconciler.NAME)
public class KeyRotationPolicyReconciler implements Reconciler<KeyRotationPolicy> {
  public static final String NAME = "keyrotationpolicy";

  private final Clock clock;

  public KeyRotationPolicyReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, KeyRotationPolicy>> prepareEventSources(EventSourceContext<KeyRotationPolicy> context) {
    var fleets =
        InformerEventSourceConfiguration.from(DeviceFleet.class, KeyRotationPolicy.class)
            .withItemStore(new LeanItemStore<DeviceFleet>())
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(
                (DeviceFleet f) ->
                    Set.of(new ResourceID(f.getSpec().getRotationPolicyRef().getName(), f.getMetadata().getNamespace())))
            .withOnUpdateFilter(
                (newer, older) ->
                    !newer.getSpec().getRotationPolicyRef().equals(older.getSpec().getRotationPolicyRef()))
            .build();
    return List.of(new InformerEventSource<>(fleets, context));
  }

  @Override
  public UpdateControl<KeyRotationPolicy> reconcile(KeyRotationPolicy policy, Context<KeyRotationPolicy> context) {
    KeyRotationPolicyStatus current = policy.getStatus();
    KeyRotationPolicyStatus desired = current == null ? new KeyRotationPolicyStatus() : StatusPatch.copy(current);
    desired.setObservedGeneration(policy.getMetadata().getGeneration());
    desired.setConditions(
        Conditions.merge(
            desired.getConditions(), PolicyReadiness.decide(policy.getSpec()), policy.getMetadata().getGeneration(), clock));
    desired.setFleets(
        context.getSecondaryResourcesAsStream(DeviceFleet.class).map(f -> f.getMetadata().getName()).sorted().toList());
    return StatusPatch.ifChanged(policy, current, desired, KeyRotationPolicy::new);
  }
}
