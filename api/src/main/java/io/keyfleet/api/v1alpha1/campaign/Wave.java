package io.keyfleet.api.v1alpha1.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyfleet.api.v1alpha1.common.Patterns;
import lombok.Data;

/** One stage of a rollout. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.percent) != has(self.count)",
    message = "spec.strategy.waves[]: set exactly one of percent or count")
public class Wave {
  @Min(1)
  @Max(100)
  @JsonPropertyDescription("Share of the eligible devices in this wave (1-100).")
  private Integer percent;

  @Min(1)
  @JsonPropertyDescription("Number of devices in this wave (at least 1).")
  private Integer count;

  @Default("0s")
  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription(
      "How long to watch a wave after it met its success threshold before the next one starts,"
          + " e.g. 1h. Default 0s.")
  private String soak = "0s";
}
