package io.keyfleet.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.keyfleet.api.v1alpha1.common.KeyfleetStatus;
import io.keyfleet.api.v1alpha1.fleet.CaStatus;
import io.keyfleet.api.v1alpha1.fleet.CrlStatus;
import io.keyfleet.api.v1alpha1.fleet.DeviceCounts;
import io.keyfleet.api.v1alpha1.fleet.FirmwareCount;
import io.keyfleet.api.v1alpha1.fleet.SigningStatus;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;
import lombok.EqualsAndHashCode;

/** What the operator knows about a fleet. */
@JsonClassDescription(
    "Written by the operator: device counts by state, CA, CRL and update-signing facts, firmware in the field, conditions.")
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@EqualsAndHashCode(callSuper = true)
public class DeviceFleetStatus extends KeyfleetStatus {
  @JsonPropertyDescription("Device counts by state.")
  private DeviceCounts devices;

  @JsonPropertyDescription("The fleet CA (public facts only): the CA the fleet's devices trust (their ca.crt).")
  private CaStatus ca;

  @JsonPropertyDescription(
      "With spec.issuer.certManager.signing Intermediate: the intermediate CA certificate the issuer"
          + " certified for the operator, which signs the device certificates and the CRL (public facts only).")
  private CaStatus intermediateCa;

  @JsonPropertyDescription("The fleet's current CRL.")
  private CrlStatus crl;

  @JsonPropertyDescription("Update-signing keys and the manifest sequence.")
  private SigningStatus signing;

  @Size(max = 64)
  @JsonPropertyDescription("Firmware versions in the field with device counts (most common first).")
  private List<FirmwareCount> firmware = new ArrayList<>();
}
