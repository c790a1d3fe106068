package io.keyfleet.api.v1alpha1.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;

/**
 * What the device's connector reports. Written by connectors with server-side apply (field manager
 * keyfleet-connector); the operator never writes it.
 */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReportedState {
  @JsonPropertyDescription("Firmware version the device runs.")
  private String firmwareVersion;

  @JsonPropertyDescription(
      "Progress of the assigned update: Idle, Downloading, Installing, Succeeded, Failed or"
          + " Rejected.")
  private UpdateState updateState;

  @JsonPropertyDescription("Campaign the report is about.")
  private String campaign;

  @JsonPropertyDescription("Manifest sequence the report is about.")
  private Long sequence;

  @JsonPropertyDescription("Detail, e.g. why an update was rejected.")
  private String message;

  @JsonPropertyDescription("When the connector observed this state (RFC 3339).")
  private String observedAt;
}
