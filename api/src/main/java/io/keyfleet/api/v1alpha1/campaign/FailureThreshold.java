package io.keyfleet.api.v1alpha1.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import lombok.Data;

/** When a wave counts as failed. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailureThreshold {
  @Default("5")
  @Min(0)
  @Max(100)
  @JsonPropertyDescription(
      "The wave fails when failed plus timed-out devices exceed this percentage of it (0-100)."
          + " Must be lower than successThreshold. Default 5.")
  private Integer percent = 5;

  @Default("10")
  @Min(1)
  @JsonPropertyDescription(
      "Judge failure only once this many devices of the wave have finished (or the whole wave has"
          + " if it is smaller). Default 10.")
  private Integer minDevices = 10;
}
