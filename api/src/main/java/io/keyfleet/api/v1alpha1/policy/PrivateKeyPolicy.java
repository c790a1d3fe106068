package io.keyfleet.api.v1alpha1.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyfleet.api.v1alpha1.common.Patterns;
import lombok.Data;

/** Which keys devices get and when they are replaced. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.rotation) || self.rotation != 'Never' || has(self.maxAge)",
    message = "spec.privateKey.maxAge is required when spec.privateKey.rotation is Never")
public class PrivateKeyPolicy {
  @Default("ECDSA-P256")
  @JsonPropertyDescription(
      "Key algorithm for keys the operator generates, and the only one accepted in device CSRs:"
          + " ECDSA-P256 (default), ECDSA-P384, Ed25519, RSA-3072 or RSA-4096.")
  private KeyAlgorithm algorithm = KeyAlgorithm.ECDSA_P256;

  @Default("Always")
  @JsonPropertyDescription(
      "Always: a new key pair at every renewal (default). Never: keep the key pair at renewal until"
          + " it is maxAge old.")
  private KeyRotation rotation = KeyRotation.Always;

  @Pattern(Patterns.POSITIVE_DURATION)
  @JsonPropertyDescription(
      "Oldest a key pair may become before it is replaced, whatever rotation says, e.g. 365d."
          + " Required when rotation is Never.")
  private String maxAge;
}
