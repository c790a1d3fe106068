package io.keyfleet.operator.certmanager;

import java.time.Duration;
import java.time.Instant;

/**
 * A back-off without a counter: wait as long again as the wait has lasted so far, within bounds,
 * so the checks of something that stays unavailable thin out (2 s, 4 s, 8 s, ... up to the
 * maximum) and survive a restart unchanged when {@code since} is kept in status. A pure function.
 */
public final class Backoff {
  private Backoff() {}

  /**
   * When to look again.
   *
   * @param since when the wait began (the first failed check, or the request's creation)
   * @param now the current check
   */
  public static Instant next(Instant since, Instant now, Duration min, Duration max) {
    Duration waited = Duration.between(since, now);
    Duration next = waited.compareTo(min) < 0 ? min : waited.compareTo(max) > 0 ? max : waited;
    return now.plus(next);
  }
}
