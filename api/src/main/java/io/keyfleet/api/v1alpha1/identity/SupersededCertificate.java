package io.keyfleet.api.v1alpha1.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;

/** A certificate that a renewal replaced. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SupersededCertificate {
  @JsonPropertyDescription("Serial number (hex).")
  private String serialNumber;

  @JsonPropertyDescription("End of its validity (RFC 3339).")
  private String notAfter;

  @JsonPropertyDescription("When it was replaced (RFC 3339).")
  private String supersededAt;

  @JsonPropertyDescription(
      "When it goes on the CRL (RFC 3339), if the policy revokes superseded certificates.")
  private String revokeAfter;
}
