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

  @JsonPropertyDescription(
      "Key id of a new key being rolled out: trusted by devices once every device Secret carries it,"
          + " then it becomes the active key. Nothing is signed with it before that.")
  private String pendingKeyId;

  @JsonPropertyDescription("Devices whose Secret carries the current update-trust.pem (all trusted keys).")
  private Long devicesWithCurrentTrust;

  @JsonPropertyDescription("When the active key became active (RFC 3339).")
  private String activatedAt;

  @JsonPropertyDescription(
      "Sequence number of the last manifest signed for the fleet; never reused. Campaigns reserve"
          + " the next one with a compare-and-swap on this field.")
  private Long lastManifestSequence;
}
