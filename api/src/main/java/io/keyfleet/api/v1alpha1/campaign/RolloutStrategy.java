package io.keyfleet.api.v1alpha1.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyfleet.api.v1alpha1.common.Patterns;
import io.keyfleet.api.v1alpha1.policy.MaintenanceWindow;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** How a campaign moves through the fleet. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.failureThreshold) || !has(self.failureThreshold.percent)"
            + " || self.failureThreshold.percent < self.successThreshold",
    message = "spec.strategy.failureThreshold.percent must be lower than spec.strategy.successThreshold")
@ValidationRule(
    value = "self.waves.filter(w, has(w.percent)).map(w, w.percent).sum() <= 100",
    message = "spec.strategy.waves: the percentages add up to more than 100")
@ValidationRule(
    value = "!has(self.onFailure) || self.onFailure != 'Rollback' || has(self.rollbackTo)",
    message = "spec.strategy.rollbackTo is required when spec.strategy.onFailure is Rollback")
public class RolloutStrategy {
  @Required
  @Size(min = 1, max = 20)
  @JsonPropertyDescription(
      "Waves in order, each a percent or a count of the eligible devices. Devices not covered by"
          + " the waves join the last one, so the campaign always reaches every eligible device."
          + " Wave membership is deterministic and survives operator restarts.")
  private List<Wave> waves = new ArrayList<>();

  @Default("95")
  @Min(1)
  @Max(100)
  @JsonPropertyDescription(
      "Percentage of a wave that must succeed (1-100) before its soak starts and the next wave"
          + " may follow. Default 95.")
  private Integer successThreshold = 95;

  @JsonPropertyDescription("When a wave counts as failed.")
  private FailureThreshold failureThreshold = new FailureThreshold();

  @Default("2h")
  @Pattern(Patterns.POSITIVE_DURATION)
  @JsonPropertyDescription(
      "A device that has not succeeded this long after assignment counts as timed out. Default 2h.")
  private String deviceTimeout = "2h";

  @Default("1000")
  @Min(1)
  @Max(1000000)
  @JsonPropertyDescription("Most assignments per minute. Default 1000.")
  private Integer maxDevicesPerMinute = 1000;

  @Default("Pause")
  @JsonPropertyDescription("On a failed wave: Pause (default), Abort or Rollback.")
  private FailureAction onFailure = FailureAction.Pause;

  @JsonPropertyDescription(
      "Firmware to roll back to when onFailure is Rollback (required then): version and artifact.")
  private RollbackTarget rollbackTo;

  @Size(max = 16)
  @JsonPropertyDescription("Maintenance windows in which new assignments may be made. Empty: any time.")
  private List<MaintenanceWindow> windows = new ArrayList<>();
}
