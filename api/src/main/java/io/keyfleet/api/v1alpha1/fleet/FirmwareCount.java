package io.keyfleet.api.v1alpha1.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.AllArgsConstructor;
import lombok.Data;
import lombok.NoArgsConstructor;

/** How many devices report a firmware version. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@NoArgsConstructor
@AllArgsConstructor
public class FirmwareCount {
  @JsonPropertyDescription("Firmware version, as reported by connectors.")
  private String version;

  @JsonPropertyDescription("Devices reporting it.")
  private long devices;
}
