package io.keyfleet.api.v1alpha1.common;

import java.time.Duration;
import java.util.regex.Matcher;

/**
 * Parses the duration strings of the Keyfleet API ({@code 90d}, {@code 1h30m}, {@code 500ms},
 * {@code 0}): a sequence of whole numbers with the units ms, s, m, h and d (24 h).
 */
public final class Durations {
  private static final java.util.regex.Pattern PART =
      java.util.regex.Pattern.compile("([0-9]+)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException naming the offending text when it is not a duration
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration");
    }
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      long n;
      try {
        n = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("duration too large: '" + text + "'");
      }
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
              });
      end = m.end();
    }
    if (end == 0 || end != text.length()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (examples: 90d, 36h, 1h30m, 500ms)");
    }
    return total;
  }

  /** Formats a duration in the API's notation, largest units first, e.g. {@code 1d12h}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long days = d.toDays();
    if (days > 0) sb.append(days).append('d');
    if (d.toHoursPart() > 0) sb.append(d.toHoursPart()).append('h');
    if (d.toMinutesPart() > 0) sb.append(d.toMinutesPart()).append('m');
    if (d.toSecondsPart() > 0) sb.append(d.toSecondsPart()).append('s');
    if (d.toMillisPart() > 0) sb.append(d.toMillisPart()).append("ms");
    return sb.toString();
  }
}
