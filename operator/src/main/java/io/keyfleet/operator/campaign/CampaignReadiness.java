package io.keyfleet.operator.campaign;

import static io.keyfleet.api.v1alpha1.common.ConditionTypes.READY;

import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.common.Condition;
import io.keyfleet.operator.policy.PolicyValidator;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.status.Conditions.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Decides whether an UpdateCampaign can start: its fleet, the fleet's update channel, its windows. */
public final class CampaignReadiness {
  public static final String FLEET_NOT_FOUND = "FleetNotFound";
  public static final String FLEET_NOT_READY = "FleetNotReady";
  public static final String NO_UPDATE_CHANNEL = "FleetHasNoUpdateChannel";
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String AWAITING_PUBLICATION = "AwaitingPublication";

  private CampaignReadiness() {}

  public static List<Decision> decide(UpdateCampaign campaign, Optional<DeviceFleet> fleet) {
    String fleetName = campaign.getSpec().getFleetRef().getName();
    List<String> problems = new ArrayList<>();
    var windows = campaign.getSpec().getStrategy().getWindows();
    for (int i = 0; i < windows.size(); i++) {
      problems.addAll(PolicyValidator.windowProblems(windows.get(i), "spec.strategy.windows[" + i + "]"));
    }
    if (!problems.isEmpty()) {
      return notReady(INVALID_SPEC, String.join("; ", problems));
    }
    if (fleet.isEmpty()) {
      return notReady(
          FLEET_NOT_FOUND,
          "DeviceFleet '" + fleetName + "' (spec.fleetRef.name) does not exist in namespace '"
              + campaign.getMetadata().getNamespace() + "'");
    }
    List<Condition> fleetConditions = fleet.get().getStatus() == null ? null : fleet.get().getStatus().getConditions();
    if (!Conditions.isTrue(fleetConditions, READY)) {
      return notReady(FLEET_NOT_READY, "DeviceFleet '" + fleetName + "' is not ready");
    }
    var updates = fleet.get().getSpec().getUpdates();
    if (updates == null || updates.getRegistry() == null) {
      return notReady(
          NO_UPDATE_CHANNEL,
          "DeviceFleet '" + fleetName + "' has no spec.updates.registry; set the OCI repository that"
              + " receives its signed manifests");
    }
    return notReady(AWAITING_PUBLICATION, "fleet and update channel resolved; the manifest is not yet published");
  }

  private static List<Decision> notReady(String reason, String message) {
    return List.of(Decision.isFalse(READY, reason, message));
  }
}
