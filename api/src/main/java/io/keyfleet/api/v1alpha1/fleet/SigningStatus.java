package io.keyfleet.api.v1alpha1.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** The fleet's update-signing keys, by key id (SHA-256 of the public key). */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SigningStatus {
  @JsonPropertyDescription("Key id that signs new manifests.")
  private String activeKeyId;

  @JsonPropertyDescription(
      "Key ids devices trust (in update-trust.pem); old and new during a rotation.")
  private List<String> trustedKeyIds = new ArrayList<>();

  @JsonPropertyDescription("Sequence number of the last manifest signed for the fleet; never reused.")
  private Long lastManifestSequence;
}
