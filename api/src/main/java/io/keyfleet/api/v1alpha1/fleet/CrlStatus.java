package io.keyfleet.api.v1alpha1.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;

/** Facts about the fleet's current CRL. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CrlStatus {
  @JsonPropertyDescription("URL the CRL is served at (the certificates' CRL distribution point).")
  private String url;

  @JsonPropertyDescription("CRL number; increases with every CRL signed.")
  private Long number;

  @JsonPropertyDescription("When the current CRL was signed (RFC 3339).")
  private String thisUpdate;

  @JsonPropertyDescription("When relying parties must fetch a newer CRL (RFC 3339).")
  private String nextUpdate;

  @JsonPropertyDescription("Number of revoked serials on the CRL.")
  private Long entries;
}
