package io.keyfleet.api.v1alpha1.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.keyfleet.api.v1alpha1.common.Patterns;
import lombok.Data;

/** Per-device data-encryption keys. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataKeyPolicy {
  /** Data-key algorithms. */
  public enum Algorithm {
    @JsonProperty("AES-256-GCM")
    AES_256_GCM
  }

  @Default("false")
  @JsonPropertyDescription(
      "Give every device its own data-encryption keys, delivered in its Secret (wrapped to the"
          + " device's public key with HPKE when the device holds its own key). Default false.")
  private Boolean enabled = Boolean.FALSE;

  @Default("AES-256-GCM")
  @JsonPropertyDescription("Data-key algorithm. Only AES-256-GCM is supported.")
  private Algorithm algorithm = Algorithm.AES_256_GCM;

  @Default("30d")
  @Pattern(Patterns.POSITIVE_DURATION)
  @JsonPropertyDescription("Create a new active data-key version this often, e.g. 30d. Default 30d.")
  private String rotateEvery = "30d";

  @Default("3")
  @Min(1)
  @Max(32)
  @JsonPropertyDescription(
      "How many versions to keep, the active one included (1-32). Older versions stay available"
          + " for decryption until they fall out of this window, then are destroyed. Default 3.")
  private Integer retainVersions = 3;
}
