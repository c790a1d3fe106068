package io.keyfleet.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A benchmark program's command line: "--flag value" pairs (e2e/bin/bench passes every flag with
 * a value), read by typed getters whose errors name the flag as it was given. A repeated flag
 * counts once, its last value. -h or --help where a flag is expected is answered with the usage.
 * Every problem is an {@link IllegalArgumentException} with a message for the person who typed
 * the command; {@link BenchMain} prints it and exits 2.
 *
 * <p>Read every flag the program knows, then call {@link #rejectUnknown()}: a flag no getter asked
 * for is a mistake, which would otherwise leave a default in place unnoticed.
 */
final class Flags {
  private record Given(String flag, String value) {}

  private final String usage;
  private final List<Given> given;
  private final Map<String, String> aliases = new HashMap<>();
  private final Set<String> read = new HashSet<>();

  private Flags(String usage, List<Given> given) {
    this.usage = usage;
    this.given = given;
  }

  /**
   * Pairs the arguments up; fails on a help request or a flag without a value.
   *
   * @param usage the program's usage, the message of -h and --help and the end of the messages
   *     about a missing value or an unknown flag
   */
  static Flags parse(String usage, String... args) {
    List<Given> given = new ArrayList<>();
    for (int i = 0; i < args.length; i += 2) {
      String flag = args[i];
      if (flag.equals("-h") || flag.equals("--help")) {
        throw new IllegalArgumentException(usage);
      }
      if (i + 1 == args.length) {
        throw new IllegalArgumentException(flag + " needs a value\n" + usage);
      }
      given.add(new Given(flag, args[i + 1]));
    }
    return new Flags(usage, given);
  }

  /** Makes {@code alias} another spelling of {@code flag} (campaign's --devices is --count); errors name the one given. */
  Flags alias(String alias, String flag) {
    aliases.put(alias, flag);
    return this;
  }

  /** The value as given, or {@code fallback} when the flag is not. */
  String text(String flag, String fallback) {
    Given last = last(flag);
    return last == null ? fallback : last.value();
  }

  /**
   * The value as a path, or {@code fallback} when the flag is not given or is empty: e2e/bin/bench
   * passes {@code --jcmd ""} when the JDK has none.
   */
  Path path(String flag, Path fallback) {
    Given last = last(flag);
    return last == null || last.value().isEmpty() ? fallback : Path.of(last.value());
  }

  /** The value split at white space (JVM options passed as one argument), or none when not given or blank. */
  List<String> words(String flag) {
    String value = text(flag, "");
    return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
  }

  /** A whole number above 0: counts, concurrency, seconds to wait. */
  int positive(String flag, int fallback) {
    return (int) number(flag, fallback, 1, Integer.MAX_VALUE, "a positive whole number");
  }

  /** A whole number, 0 or more: a delay that may be none. */
  int zeroOrMore(String flag, int fallback) {
    return (int) number(flag, fallback, 0, Integer.MAX_VALUE, "a whole number, 0 or more");
  }

  /** A process id; 0 when the flag is not given, which the benchmarks read as "not measured". */
  long processId(String flag) {
    return number(flag, 0, 0, Long.MAX_VALUE, "a process id (a whole number, 0: none)");
  }

  /** Fails on the first flag given that no getter has asked for. */
  void rejectUnknown() {
    for (Given g : given) {
      if (!read.contains(canonical(g.flag()))) {
        throw new IllegalArgumentException("unknown option " + g.flag() + "\n" + usage);
      }
    }
  }

  private Given last(String flag) {
    read.add(flag);
    Given last = null;
    for (Given g : given) {
      if (canonical(g.flag()).equals(flag)) {
        last = g;
      }
    }
    return last;
  }

  private String canonical(String flag) {
    return aliases.getOrDefault(flag, flag);
  }

  /** Digits only (no sign, no blanks), from {@code min} to {@code max}; the error says the value must be {@code what}. */
  private long number(String flag, long fallback, long min, long max, String what) {
    Given last = last(flag);
    if (last == null) {
      return fallback;
    }
    String value = last.value();
    try {
      if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
        long n = Long.parseLong(value);
        if (n >= min && n <= max) {
          return n;
        }
      }
    } catch (NumberFormatException e) {
      // empty, or beyond a long: reported below
    }
    throw new IllegalArgumentException(last.flag() + " must be " + what + ", not '" + value + "'");
  }
}
