package io.keyfleet.api.v1alpha1.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;

/** The update a campaign assigned to this device. Written by the operator. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpdateAssignment {
  @JsonPropertyDescription("UpdateCampaign that assigned it.")
  private String campaign;

  @JsonPropertyDescription("Firmware version to install.")
  private String version;

  @JsonPropertyDescription("Manifest sequence number; a device installs only a higher one.")
  private Long sequence;

  @JsonPropertyDescription("OCI reference of the signed manifest (repository@digest).")
  private String manifestRef;

  @JsonPropertyDescription("Digest of the manifest (sha256:...).")
  private String manifestDigest;

  @JsonPropertyDescription("Wave of the campaign the device belongs to, from 0.")
  private Integer wave;

  @JsonPropertyDescription("True when this assignment rolls the device back to the previous firmware.")
  private Boolean rollback;

  @JsonPropertyDescription("When it was assigned (RFC 3339).")
  private String assignedAt;
}
