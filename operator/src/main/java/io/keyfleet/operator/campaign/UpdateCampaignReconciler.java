package io.keyfleet.operator.campaign;

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
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.UpdateCampaignStatus;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.status.Indexes;
import io.keyfleet.operator.status.StatusPatch;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** Reconciles a campaign: resolves its fleet and update channel. */
@ControllerConfiguration(name = UpdateCampaignReconciler.NAME)
public class UpdateCampaignReconciler implements Reconciler<UpdateCampaign> {
  public static final String NAME = "updatecampaign";
  static final String BY_FLEET = "byFleet";

  private final Clock clock;

  public UpdateCampaignReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, UpdateCampaign>> prepareEventSources(EventSourceContext<UpdateCampaign> context) {
    context
        .getPrimaryCache()
        .addIndexer(BY_FLEET, c -> List.of(Indexes.key(c.getMetadata().getNamespace(), c.getSpec().getFleetRef().getName())));
    var fleets =
        InformerEventSourceConfiguration.from(DeviceFleet.class, UpdateCampaign.class)
            .withItemStore(new LeanItemStore<DeviceFleet>())
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(fleet -> Indexes.referrers(context.getPrimaryCache(), BY_FLEET, fleet))
            .withPrimaryToSecondaryMapper(
                (UpdateCampaign c) ->
                    Set.of(new ResourceID(c.getSpec().getFleetRef().getName(), c.getMetadata().getNamespace())))
            .withOnUpdateFilter(Indexes::specOrReadinessChanged)
            .build();
    return List.of(new InformerEventSource<>(fleets, context));
  }

  @Override
  public UpdateControl<UpdateCampaign> reconcile(UpdateCampaign campaign, Context<UpdateCampaign> context) {
    var fleet = context.getSecondaryResource(DeviceFleet.class);
    UpdateCampaignStatus current = campaign.getStatus();
    UpdateCampaignStatus desired = current == null ? new UpdateCampaignStatus() : StatusPatch.copy(current);
    desired.setObservedGeneration(campaign.getMetadata().getGeneration());
    if (desired.getPhase() == null) {
      desired.setPhase(CampaignPhase.Pending);
    }
    desired.setConditions(
        Conditions.merge(
            desired.getConditions(), CampaignReadiness.decide(campaign, fleet), campaign.getMetadata().getGeneration(), clock));
    return StatusPatch.ifChanged(campaign, current, desired, UpdateCampaign::new);
  }
}
