package io.keyfleet.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.keyfleet.api.v1alpha1.campaign.DeviceSelector;
import io.keyfleet.api.v1alpha1.campaign.FirmwareSpec;
import io.keyfleet.api.v1alpha1.campaign.RolloutStrategy;
import io.keyfleet.api.v1alpha1.common.ObjectRef;
import lombok.Data;

/** A staged, signed firmware rollout to part or all of a fleet. */
@JsonClassDescription(
    "Which fleet and devices, which firmware, and how to roll it out. Written by people (GitOps); the operator never changes it.")
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpdateCampaignSpec {
  @Required
  @JsonPropertyDescription("The DeviceFleet, in this namespace, to update.")
  private ObjectRef fleetRef;

  @JsonPropertyDescription(
      "Labels of the DeviceIdentities to include. Empty: every device of the fleet.")
  private DeviceSelector selector;

  @Required
  @JsonPropertyDescription("The firmware to roll out.")
  private FirmwareSpec firmware;

  @Required
  @JsonPropertyDescription("Waves, health gates and what to do on failure.")
  private RolloutStrategy strategy;

  @Default("false")
  @JsonPropertyDescription(
      "Manual gate: true stops new assignments at once; false lets the campaign go on (also after"
          + " it paused itself on a failed wave).")
  private Boolean paused = Boolean.FALSE;
}
