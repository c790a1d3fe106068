package io.keyfleet.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.ZonedDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronScheduleTest {
  @ParameterizedTest(name = "{0} at {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 2 * * *        | 2026-03-04T02:00:00Z | true",
        "0 2 * * *        | 2026-03-04T02:01:00Z | false",
        "*/15 * * * *     | 2026-03-04T10:45:00Z | true",
        "*/15 * * * *     | 2026-03-04T10:44:00Z | false",
        "0 9-17/4 * * *   | 2026-03-04T13:00:00Z | true",
        "0 9-17/4 * * *   | 2026-03-04T15:00:00Z | false",
        "0 0 * * SUN      | 2026-03-08T00:00:00Z | true",
        "0 0 * * 7        | 2026-03-08T00:00:00Z | true",
        "0 0 * * 0        | 2026-03-09T00:00:00Z | false",
        "0 0 1,15 * *     | 2026-03-15T00:00:00Z | true",
        "0 0 * JAN,MAR *  | 2026-03-15T00:00:00Z | true",
        "0 0 * feb *      | 2026-03-15T00:00:00Z | false",
        // both day fields restricted: either matches (cron semantics)
        "0 0 13 * FRI     | 2026-03-13T00:00:00Z | true",
        "0 0 13 * FRI     | 2026-03-20T00:00:00Z | true",
        "0 0 13 * FRI     | 2026-03-19T00:00:00Z | false",
        "@hourly          | 2026-03-19T07:00:00Z | true",
        "@weekly          | 2026-03-15T00:00:00Z | true",
        "@monthly         | 2026-03-02T00:00:00Z | false",
      })
  void matches(String expression, ZonedDateTime at, boolean expected) {
    assertThat(CronSchedule.parse(expression).matches(at)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8",
      "5-1 * * * *", "*/0 * * * *", "a * * * *", "@sometimes", "1-2-3 * * * *"})
  void rejects(String expression) {
    assertThatIllegalArgumentException().isThrownBy(() -> CronSchedule.parse(expression));
  }
}
