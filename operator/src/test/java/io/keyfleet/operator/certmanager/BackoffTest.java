package io.keyfleet.operator.certmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
  static final Instant SINCE = Instant.parse("2026-11-30T00:00:00Z");
  static final Duration MIN = Duration.ofSeconds(2);
  static final Duration MAX = Duration.ofMinutes(5);

  @ParameterizedTest(name = "failing for {0}s -> next look after {1}s")
  @CsvSource({
    // as long again as it has been failing, at least 2 s, at most 5 min
    "0, 2",
    "1, 2",
    "2, 2",
    "4, 4",
    "8, 8",
    "100, 100",
    "299, 299",
    "300, 300",
    "301, 300",
    "86400, 300",
  })
  void waitsAsLongAgainWithinBounds(long failingSeconds, long nextSeconds) {
    Instant now = SINCE.plusSeconds(failingSeconds);

    assertThat(Backoff.next(SINCE, now, MIN, MAX)).isEqualTo(now.plusSeconds(nextSeconds));
  }

  @ParameterizedTest(name = "check {0}")
  @CsvSource({
    // the checks a failing issuer gets, each at the previous one's answer: they thin out
    "1, 2",
    "2, 4",
    "3, 8",
    "4, 16",
    "8, 256",
    "9, 512",
    "10, 812",
  })
  void successiveChecksThinOut(int check, long atSeconds) {
    Instant now = SINCE;
    for (int i = 0; i < check; i++) {
      now = Backoff.next(SINCE, now, MIN, MAX);
    }

    assertThat(Duration.between(SINCE, now).toSeconds()).isEqualTo(atSeconds);
  }
}
