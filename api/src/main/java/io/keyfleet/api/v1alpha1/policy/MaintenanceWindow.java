package io.keyfleet.api.v1alpha1.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.keyfleet.api.v1alpha1.common.Patterns;
import lombok.Data;

/** A recurring period in which routine changes may happen. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MaintenanceWindow {
  @Required
  @Pattern(Patterns.CRON)
  @JsonPropertyDescription(
      "When the window opens: a five-field cron expression (minute hour day-of-month month"
          + " day-of-week), e.g. '0 2 * * *' for 02:00 every day, or a macro such as @daily.")
  private String schedule;

  @Required
  @Pattern(Patterns.POSITIVE_DURATION)
  @JsonPropertyDescription("How long the window stays open after each start, e.g. 4h.")
  private String duration;

  @Default("UTC")
  @Pattern(Patterns.TIME_ZONE)
  @JsonPropertyDescription("IANA time zone of the schedule, e.g. Europe/Berlin. Default UTC.")
  private String timeZone = "UTC";
}
