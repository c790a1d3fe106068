package io.keyfleet.api.v1alpha1.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyfleet.api.v1alpha1.common.Patterns;
import lombok.Data;

/** How long device certificates live and when they are renewed. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.renewBefore) && has(self.renewBeforePercent))",
    message = "spec.certificate: set at most one of renewBefore or renewBeforePercent")
public class CertificateLifetime {
  @Default("90d")
  @Pattern(Patterns.POSITIVE_DURATION)
  @JsonPropertyDescription(
      "Validity of each device certificate, e.g. 90d or 2160h (units ms, s, m, h, d). Default 90d.")
  private String duration = "90d";

  @Pattern(Patterns.POSITIVE_DURATION)
  @JsonPropertyDescription(
      "Renew this long before notAfter, e.g. 30d. Mutually exclusive with renewBeforePercent;"
          + " when neither is set, renewal starts when a third of the validity is left.")
  private String renewBefore;

  @Min(1)
  @Max(99)
  @JsonPropertyDescription(
      "Renew when this percentage of the validity is left (1-99). Mutually exclusive with"
          + " renewBefore.")
  private Integer renewBeforePercent;

  @Default("10")
  @Min(0)
  @Max(50)
  @JsonPropertyDescription(
      "Spread renewals: each device's renewal time moves earlier by a stable pseudo-random share"
          + " of up to this percentage of the renewal window (0-50), so certificates issued on one"
          + " day do not all renew in the same minute. Default 10.")
  private Integer jitterPercent = 10;
}
