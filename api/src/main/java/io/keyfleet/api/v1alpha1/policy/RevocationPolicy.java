package io.keyfleet.api.v1alpha1.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.keyfleet.api.v1alpha1.common.Patterns;
import lombok.Data;

/** What happens to certificates that a renewal replaced. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RevocationPolicy {
  @Default("true")
  @JsonPropertyDescription(
      "Put a replaced (superseded) certificate on the fleet CRL once supersededGracePeriod has"
          + " passed, so a stolen old credential stops working. Default true.")
  private Boolean revokeSuperseded = Boolean.TRUE;

  @Default("24h")
  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription(
      "How long a superseded certificate stays valid after its replacement was issued, giving the"
          + " device time to pick up the new one. Default 24h.")
  private String supersededGracePeriod = "24h";
}
