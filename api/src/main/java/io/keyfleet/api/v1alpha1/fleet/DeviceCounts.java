package io.keyfleet.api.v1alpha1.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;

/** How many of the fleet's devices are in each state. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeviceCounts {
  @JsonPropertyDescription("DeviceIdentities that reference the fleet.")
  private long total;

  @JsonPropertyDescription("Devices with a valid, current certificate.")
  private long ready;

  @JsonPropertyDescription("Devices whose renewal time has passed.")
  private long renewalDue;

  @JsonPropertyDescription("Devices whose certificate expires within 7 days.")
  private long expiringSoon;

  @JsonPropertyDescription("Revoked devices.")
  private long revoked;

  @JsonPropertyDescription("Devices whose issuance failed (see their conditions).")
  private long failed;
}
