package io.keyfleet.api.v1alpha1.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;

/** The device's data-encryption keys (versions only, never key material). */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataKeyStatus {
  @JsonPropertyDescription("Version that encrypts new data.")
  private Integer activeVersion;

  @JsonPropertyDescription("Oldest version still kept for decryption.")
  private Integer oldestVersion;

  @JsonPropertyDescription("When the active version was created (RFC 3339).")
  private String rotatedAt;
}
