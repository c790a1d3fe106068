package io.keyfleet.operator.rotation;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket: at most {@code perMinute} takes in any minute, refilled continuously. Not
 * thread-safe on its own; callers hold one per fleet and synchronise on it.
 */
public final class RateLimiter {
  private final double capacity;
  private final double perMilli;
  private double tokens;
  private Instant last;

  public RateLimiter(int perMinute, Instant now) {
    this.capacity = perMinute;
    this.perMilli = perMinute / (double) Duration.ofMinutes(1).toMillis();
    this.tokens = perMinute;
    this.last = now;
  }

  /** The rate this limiter was made with. */
  public int perMinute() {
    return (int) capacity;
  }

  /** Takes one token if there is one. */
  public synchronized boolean tryTake(Instant now) {
    if (now.isAfter(last)) {
      tokens = Math.min(capacity, tokens + Duration.between(last, now).toMillis() * perMilli);
      last = now;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
