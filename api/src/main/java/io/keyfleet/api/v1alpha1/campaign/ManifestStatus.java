package io.keyfleet.api.v1alpha1.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;

/** A signed update manifest the campaign published. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ManifestStatus {
  @JsonPropertyDescription("OCI reference of the manifest (repository@digest).")
  private String reference;

  @JsonPropertyDescription("Digest of the manifest (sha256:...).")
  private String digest;

  @JsonPropertyDescription("Fleet sequence number of the manifest.")
  private Long sequence;

  @JsonPropertyDescription("Firmware artifact digest the manifest pins (sha256:...).")
  private String artifactDigest;

  @JsonPropertyDescription("Id of the key that signed it.")
  private String signingKeyId;

  @JsonPropertyDescription("OCI reference of the cosign signature (repository:sha256-<hex>.sig).")
  private String signatureReference;

  @JsonPropertyDescription("When it was published (RFC 3339).")
  private String publishedAt;
}
