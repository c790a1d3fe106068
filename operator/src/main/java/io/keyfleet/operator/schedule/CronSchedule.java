package io.keyfleet.operator.schedule;

import java.time.ZonedDateTime;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week), as cron and
 * Kubernetes CronJobs read it: lists, ranges, steps, month and day names, 0 or 7 for Sunday, and
 * the macros @yearly, @monthly, @weekly, @daily and @hourly. When both day fields are restricted,
 * a day matches if either does.
 */
public final class CronSchedule {
  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private final String expression;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;

  private CronSchedule(String expression, String[] f) {
    this.expression = expression;
    minutes = field(f[0], 0, 59, List.of(), 0, "minute");
    hours = field(f[1], 0, 23, List.of(), 0, "hour");
    daysOfMonth = field(f[2], 1, 31, List.of(), 0, "day of month");
    months = field(f[3], 1, 12, MONTHS, 1, "month");
    daysOfWeek = field(f[4], 0, 7, DAYS, 0, "day of week");
    if (daysOfWeek.get(7)) {
      daysOfWeek.set(0);
    }
    anyDayOfMonth = f[2].equals("*") || f[2].equals("?");
    anyDayOfWeek = f[4].equals("*") || f[4].equals("?");
  }

  /**
   * Parses an expression.
   *
   * @throws IllegalArgumentException saying which field is wrong
   */
  public static CronSchedule parse(String expression) {
    if (expression == null) {
      throw new IllegalArgumentException("empty cron expression");
    }
    String trimmed = expression.trim();
    String expanded = trimmed.startsWith("@") ? MACROS.get(trimmed.toLowerCase(Locale.ROOT)) : trimmed;
    if (expanded == null) {
      throw new IllegalArgumentException("unknown cron macro '" + trimmed + "'");
    }
    String[] fields = expanded.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException(
          "cron expression '" + trimmed + "' has " + fields.length
              + " fields; expected 5 (minute hour day-of-month month day-of-week)");
    }
    return new CronSchedule(trimmed, fields);
  }

  /** Whether the schedule fires in the minute that contains this time. */
  public boolean matches(ZonedDateTime t) {
    if (!minutes.get(t.getMinute()) || !hours.get(t.getHour()) || !months.get(t.getMonthValue())) {
      return false;
    }
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
    if (anyDayOfMonth || anyDayOfWeek) {
      return dom && dow;
    }
    return dom || dow;
  }

  @Override
  public String toString() {
    return expression;
  }

  private static BitSet field(String text, int min, int max, List<String> names, int nameBase, String what) {
    BitSet bits = new BitSet(max + 1);
    for (String part : text.split(",", -1)) {
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(part.substring(slash + 1), 1, max, names, nameBase, what, text);
      }
      int lo;
      int hi;
      if (range.equals("*") || range.equals("?")) {
        lo = min;
        hi = max;
      } else if (range.contains("-")) {
        String[] ends = range.split("-", -1);
        if (ends.length != 2) {
          throw invalid(what, text);
        }
        lo = number(ends[0], min, max, names, nameBase, what, text);
        hi = number(ends[1], min, max, names, nameBase, what, text);
        if (lo > hi) {
          throw new IllegalArgumentException(what + " range '" + range + "' runs backwards");
        }
      } else {
        lo = number(range, min, max, names, nameBase, what, text);
        hi = slash >= 0 ? max : lo;
      }
      for (int v = lo; v <= hi; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(String s, int min, int max, List<String> names, int nameBase, String what, String field) {
    int named = names.indexOf(s.toUpperCase(Locale.ROOT));
    if (named >= 0) {
      return named + nameBase;
    }
    try {
      int v = Integer.parseInt(s);
      if (v < min || v > max) {
        throw new IllegalArgumentException(what + " " + v + " is outside " + min + "-" + max);
      }
      return v;
    } catch (NumberFormatException e) {
      throw invalid(what, field);
    }
  }

  private static IllegalArgumentException invalid(String what, String field) {
    return new IllegalArgumentException("'" + field + "' is not a valid " + what + " field");
  }
}
