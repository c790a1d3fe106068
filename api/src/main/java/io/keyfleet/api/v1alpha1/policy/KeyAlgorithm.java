package io.keyfleet.api.v1alpha1.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Private-key algorithms a policy may require. */
public enum KeyAlgorithm {
  @JsonProperty("ECDSA-P256")
  ECDSA_P256,
  @JsonProperty("ECDSA-P384")
  ECDSA_P384,
  @JsonProperty("Ed25519")
  ED25519,
  @JsonProperty("RSA-3072")
  RSA_3072,
  @JsonProperty("RSA-4096")
  RSA_4096
}
