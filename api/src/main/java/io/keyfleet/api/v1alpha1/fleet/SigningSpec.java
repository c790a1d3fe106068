package io.keyfleet.api.v1alpha1.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.keyfleet.api.v1alpha1.common.Patterns;
import lombok.Data;

/** The fleet's update-signing key. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SigningSpec {
  /** Signature algorithms for update manifests (all verifiable by cosign). */
  public enum Algorithm {
    @JsonProperty("ECDSA-P256")
    ECDSA_P256,
    @JsonProperty("Ed25519")
    ED25519
  }

  @Default("ECDSA-P256")
  @JsonPropertyDescription("Signing algorithm: ECDSA-P256 (default) or Ed25519.")
  private Algorithm algorithm = Algorithm.ECDSA_P256;

  @Pattern(Patterns.POSITIVE_DURATION)
  @JsonPropertyDescription(
      "Rotate the signing key this often, e.g. 365d. The new public key reaches every device"
          + " Secret before anything is signed with it. Empty: rotate only on request.")
  private String rotateEvery;
}
