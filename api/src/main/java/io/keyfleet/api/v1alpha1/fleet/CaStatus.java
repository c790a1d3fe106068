package io.keyfleet.api.v1alpha1.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;

/** Public facts about the fleet CA. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CaStatus {
  @JsonPropertyDescription("Subject of the CA certificate.")
  private String subject;

  @JsonPropertyDescription("Serial number of the CA certificate (hex).")
  private String serialNumber;

  @JsonPropertyDescription("End of the CA certificate's validity (RFC 3339).")
  private String notAfter;

  @JsonPropertyDescription("SHA-256 fingerprint of the CA certificate (hex, colon-free).")
  private String fingerprintSHA256;
}
