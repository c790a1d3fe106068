package io.keyfleet.api.v1alpha1.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "0, PT0S",
    "0s, PT0S",
    "90d, PT2160H",
    "36h, PT36H",
    "1h30m, PT1H30M",
    "500ms, PT0.5S",
    "1d12h, PT36H",
    "2m5s, PT2M5S",
  })
  void parses(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "d", "90", "1.5h", "1h 30m", "-5m", "5y", "h1", "1hh", "99999999999999999999d"})
  void rejects(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "90d", "1d12h", "1h30m", "2m5s", "500ms", "1d1h1m1s1ms"})
  void formatsWhatItParses(String text) {
    assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
  }
}
