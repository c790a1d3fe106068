package io.keyfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlagsTest {
  static final String USAGE = "usage: sample [--count N | --devices N] [--delay S] [--pid PID] [--name NAME] [--dir PATH] [--opts \"OPTS\"]";

  /** Every getter once, as a program reads its command line. */
  record Sample(int count, int delay, long pid, String name, Path dir, List<String> opts) {
    static Sample read(String... args) {
      Flags flags = Flags.parse(USAGE, args).alias("--devices", "--count");
      Sample sample = new Sample(flags.positive("--count", 10), flags.zeroOrMore("--delay", 3), flags.processId("--pid"),
          flags.text("--name", "bench"), flags.path("--dir", Path.of("/default")), flags.words("--opts"));
      flags.rejectUnknown();
      return sample;
    }
  }

  static Stream<Arguments> goodCommandLines() {
    return Stream.of(
        arguments(List.of(), new Sample(10, 3, 0, "bench", Path.of("/default"), List.of())),
        arguments(List.of("--count", "200", "--delay", "0", "--pid", "42", "--name", "x", "--dir", "/r"),
            new Sample(200, 0, 42, "x", Path.of("/r"), List.of())),
        arguments(List.of("--devices", "7"), new Sample(7, 3, 0, "bench", Path.of("/default"), List.of())),
        arguments(List.of("--count", "1", "--count", "2", "--devices", "3"), new Sample(3, 3, 0, "bench", Path.of("/default"), List.of())),
        arguments(List.of("--dir", ""), new Sample(10, 3, 0, "bench", Path.of("/default"), List.of())),
        arguments(List.of("--name", "-h"), new Sample(10, 3, 0, "-h", Path.of("/default"), List.of())),
        arguments(List.of("--opts", " -XX:+UseG1GC   -Xss1m "), new Sample(10, 3, 0, "bench", Path.of("/default"), List.of("-XX:+UseG1GC", "-Xss1m"))),
        arguments(List.of("--opts", "  "), new Sample(10, 3, 0, "bench", Path.of("/default"), List.of())),
        arguments(List.of("--count", "2147483647"), new Sample(Integer.MAX_VALUE, 3, 0, "bench", Path.of("/default"), List.of())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodCommandLines")
  void readsTypedValuesWithDefaults(List<String> args, Sample expected) {
    assertThat(Sample.read(args.toArray(String[]::new))).isEqualTo(expected);
  }

  static Stream<Arguments> badCommandLines() {
    return Stream.of(
        arguments(List.of("--count"), "--count needs a value\n" + USAGE),
        arguments(List.of("--name", "x", "--delay"), "--delay needs a value\n" + USAGE),
        arguments(List.of("--count", "0"), "--count must be a positive whole number, not '0'"),
        arguments(List.of("--count", "-3"), "--count must be a positive whole number, not '-3'"),
        arguments(List.of("--count", "ten"), "--count must be a positive whole number, not 'ten'"),
        arguments(List.of("--count", ""), "--count must be a positive whole number, not ''"),
        arguments(List.of("--count", "2147483648"), "--count must be a positive whole number, not '2147483648'"),
        arguments(List.of("--devices", "0"), "--devices must be a positive whole number, not '0'"),
        arguments(List.of("--delay", "-1"), "--delay must be a whole number, 0 or more, not '-1'"),
        arguments(List.of("--pid", "x"), "--pid must be a process id (a whole number, 0: none), not 'x'"),
        arguments(List.of("--pid", "99999999999999999999"), "--pid must be a process id (a whole number, 0: none), not '99999999999999999999'"),
        arguments(List.of("--colour", "red"), "unknown option --colour\n" + USAGE),
        arguments(List.of("count", "3"), "unknown option count\n" + USAGE),
        arguments(List.of("--count", "3", "-h"), USAGE),
        arguments(List.of("--help"), USAGE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCommandLines")
  void badCommandLinesSayWhatIsWrong(List<String> args, String message) {
    assertThatThrownBy(() -> Sample.read(args.toArray(String[]::new)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
