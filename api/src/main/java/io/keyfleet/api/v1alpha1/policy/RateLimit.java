package io.keyfleet.api.v1alpha1.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import lombok.Data;

/** A ceiling on routine renewals and rotations. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RateLimit {
  @Default("600")
  @Min(1)
  @Max(100000)
  @JsonPropertyDescription(
      "Routine renewals and rotations per fleet per minute (1-100000). First issuance, revocation"
          + " and renewals that would otherwise let a certificate expire are not limited. Default"
          + " 600.")
  private Integer maxPerMinute = 600;
}
