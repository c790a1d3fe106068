package io.keyfleet.api.v1alpha1.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;

/** Devices of a campaign or wave by state. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeviceTally {
  @JsonPropertyDescription("Devices the campaign or wave covers.")
  private long eligible;

  @JsonPropertyDescription("Devices that have been assigned the update.")
  private long assigned;

  @JsonPropertyDescription("Assigned devices that are downloading or installing.")
  private long inProgress;

  @JsonPropertyDescription("Devices that report the update installed.")
  private long succeeded;

  @JsonPropertyDescription("Devices that report a failure or rejected the update.")
  private long failed;

  @JsonPropertyDescription("Devices that did not finish within deviceTimeout.")
  private long timedOut;

  @JsonPropertyDescription("Devices left out (revoked mid-campaign, incompatible, already updated).")
  private long skipped;
}
