package io.keyfleet.operator.campaign;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.UpdateCampaignStatus;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.status.Indexes;
import io.keyfleet.operator.status.StatusPatch;
import java.time.Clock;
import java.util.List;

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
    return List.of(Indexes.referencedByName(context, DeviceFleet.class, UpdateCampaign.class, BY_FLEET, c -> c.getSpec().getFleetRef().getName()));
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
