package io.keyfleet.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.api.v1alpha1.campaign.DeviceTally;
import io.keyfleet.api.v1alpha1.campaign.ManifestStatus;
import io.keyfleet.api.v1alpha1.campaign.WaveStatus;
import io.keyfleet.api.v1alpha1.common.KeyfleetStatus;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;
import lombok.EqualsAndHashCode;

/** Where a campaign is. */
@JsonClassDescription(
    "Written by the operator: phase, signed manifest, current wave, per-wave and total device counts, conditions and times.")
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@EqualsAndHashCode(callSuper = true)
public class UpdateCampaignStatus extends KeyfleetStatus {
  @JsonPropertyDescription(
      "Pending, Publishing, Rolling, Paused, Succeeded, Failed, Aborted, RollingBack or"
          + " RolledBack.")
  private CampaignPhase phase;

  @JsonPropertyDescription("The signed manifest of the new firmware.")
  private ManifestStatus manifest;

  @JsonPropertyDescription("The signed rollback manifest, if the campaign rolled back.")
  private ManifestStatus rollbackManifest;

  @JsonPropertyDescription("Index of the wave in progress, from 0.")
  private Integer currentWave;

  @Size(max = 20)
  @JsonPropertyDescription("Progress of each wave.")
  private List<WaveStatus> waves = new ArrayList<>();

  @JsonPropertyDescription("Totals over all waves.")
  private DeviceTally totals;

  @JsonPropertyDescription(
      "Generation of the campaign when it paused itself on a failed wave: it goes on once the spec"
          + " changes (for example paused set to true and back to false).")
  private Long pausedGeneration;

  @JsonPropertyDescription("When the campaign started rolling (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When the campaign reached a final phase (RFC 3339).")
  private String completedAt;
}
