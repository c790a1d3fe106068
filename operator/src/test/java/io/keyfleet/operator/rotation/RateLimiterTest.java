package io.keyfleet.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void allowsTheLimitThenRefillsOverAMinute() {
    RateLimiter limiter = new RateLimiter(60, T0);
    int taken = 0;
    for (int i = 0; i < 100; i++) {
      if (limiter.tryTake(T0)) {
        taken++;
      }
    }
    assertThat(taken).isEqualTo(60);
    assertThat(limiter.tryTake(T0.plusMillis(500))).isFalse();
    assertThat(limiter.tryTake(T0.plusSeconds(1))).isTrue();
    assertThat(limiter.tryTake(T0.plusSeconds(1))).isFalse();
  }

  @Test
  void neverStoresMoreThanOneMinuteOfTokens() {
    RateLimiter limiter = new RateLimiter(10, T0);
    int taken = 0;
    for (int i = 0; i < 100; i++) {
      if (limiter.tryTake(T0.plusSeconds(3600))) {
        taken++;
      }
    }
    assertThat(taken).isEqualTo(10);
  }
}
