package io.keyfleet.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatorOptionsTest {
  static SimulatorOptions parse(String... more) {
    String[] args = new String[more.length + 4];
    args[0] = "--namespace";
    args[1] = "plant-a";
    args[2] = "--fleet";
    args[3] = "pumps";
    System.arraycopy(more, 0, args, 4, more.length);
    return SimulatorOptions.parse(args);
  }

  @Test
  void defaults() {
    SimulatorOptions o = SimulatorOptions.parse("--fleet", "pumps", "--namespace", "plant-a");

    assertThat(o.namespace()).isEqualTo("plant-a");
    assertThat(o.fleet()).isEqualTo("pumps");
    assertThat(o.create()).isZero();
    assertThat(o.prefix()).isEqualTo("dev");
    assertThat(o.models()).containsExactly(Map.entry("pump-x2", 1));
    assertThat(o.labels()).isEmpty();
    assertThat(o.installed()).containsExactly(Map.entry("*", "1.0.0"));
    assertThat(o.installTime()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.failureRates()).isEmpty();
    assertThat(o.offline()).isZero();
    assertThat(o.forged()).isZero();
    assertThat(o.replayed()).isZero();
    assertThat(o.otherModel()).isZero();
    assertThat(o.untilCampaign()).isEmpty();
    assertThat(o.timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(o.concurrency()).isEqualTo(64);
  }

  @Test
  void everyOptionIsParsed() {
    SimulatorOptions o = parse("--create", "1000", "--prefix", "icu", "--models", "pump-x2=3, pump-x3=1", "--labels", "site=berlin,ward=icu",
        "--installed", "pump-x2=1.1.0,pump-x3=1.2.0", "--install-time", "500ms", "--fail", "2.4.1=0.02,2.4.2=1", "--offline", "0.1",
        "--forged", "2", "--replayed", "3", "--other-model", "4", "--until-campaign", "rollout-2-4-1", "--timeout", "2h",
        "--concurrency", "8");

    assertThat(o.create()).isEqualTo(1000);
    assertThat(o.prefix()).isEqualTo("icu");
    assertThat(o.models()).containsExactly(Map.entry("pump-x2", 3), Map.entry("pump-x3", 1));
    assertThat(o.labels()).containsExactly(Map.entry("site", "berlin"), Map.entry("ward", "icu"));
    assertThat(o.installed()).containsExactly(Map.entry("pump-x2", "1.1.0"), Map.entry("pump-x3", "1.2.0"));
    assertThat(o.installTime()).isEqualTo(Duration.ofMillis(500));
    assertThat(o.failureRates()).containsExactly(Map.entry("2.4.1", 0.02), Map.entry("2.4.2", 1.0));
    assertThat(o.offline()).isEqualTo(0.1);
    assertThat(o.forged()).isEqualTo(2);
    assertThat(o.replayed()).isEqualTo(3);
    assertThat(o.otherModel()).isEqualTo(4);
    assertThat(o.untilCampaign()).isEqualTo("rollout-2-4-1");
    assertThat(o.timeout()).isEqualTo(Duration.ofHours(2));
    assertThat(o.concurrency()).isEqualTo(8);
  }

  @ParameterizedTest
  @CsvSource({"500ms, PT0.5S", "2s, PT2S", "0s, PT0S", "5m, PT5M", "1h, PT1H", "90m, PT1H30M"})
  void durations(String text, Duration expected) {
    assertThat(parse("--install-time", text).installTime()).isEqualTo(expected);
    assertThat(parse("--timeout", text).timeout()).isEqualTo(expected);
  }

  @Test
  void installedVersionForEveryModel() {
    SimulatorOptions o = parse("--installed", "2.0.0");

    assertThat(o.installedVersion("pump-x2")).isEqualTo("2.0.0");
    assertThat(o.installedVersion("anything")).isEqualTo("2.0.0");
  }

  @Test
  void installedVersionByModel() {
    SimulatorOptions o = parse("--installed", "pump-x2=1.1.0,pump-x3=1.2.0");

    assertThat(o.installedVersion("pump-x2")).isEqualTo("1.1.0");
    assertThat(o.installedVersion("pump-x3")).isEqualTo("1.2.0");
    assertThat(o.installedVersion("pump-x4")).isEqualTo("1.0.0");
  }

  @Test
  void installedVersionByModelWithAFallback() {
    SimulatorOptions o = parse("--installed", "*=3.0.0,pump-x2=1.1.0");

    assertThat(o.installedVersion("pump-x2")).isEqualTo("1.1.0");
    assertThat(o.installedVersion("pump-x4")).isEqualTo("3.0.0");
  }

  @Test
  void namespaceAndFleetAreRequired() {
    assertThatThrownBy(() -> SimulatorOptions.parse("--fleet", "pumps"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--namespace is required");
    assertThatThrownBy(() -> SimulatorOptions.parse("--namespace", "plant-a"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--fleet is required");
    assertThatThrownBy(() -> SimulatorOptions.parse("--namespace", " ", "--fleet", "pumps"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--namespace is required");
    assertThatThrownBy(SimulatorOptions::parse)
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is required").hasMessageContaining("usage:");
  }

  @Test
  void unknownOptionIsNamed() {
    assertThatThrownBy(() -> parse("--devices", "10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown option --devices")
        .hasMessageContaining("usage:");
  }

  @Test
  void anArgumentThatIsNotAnOptionIsNamed() {
    assertThatThrownBy(() -> parse("extra"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unexpected argument extra");
  }

  @Test
  void optionWithoutValueIsNamed() {
    assertThatThrownBy(() -> parse("--timeout"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--timeout needs a value");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "s", "ms", "1.5s", "2d", "10sec", "abc", "-5s", "-1ms"})
  void badDurationsAreRefusedNamingTheOption(String text) {
    assertThatThrownBy(() -> parse("--install-time", text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--install-time: expected a duration")
        .hasMessageEndingWith("got " + text);
    assertThatThrownBy(() -> parse("--timeout", text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--timeout: expected a duration");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-0.1", "1.01", "2", "half", "NaN", "Infinity", ""})
  void sharesOutsideZeroToOneAreRefusedNamingTheOption(String text) {
    assertThatThrownBy(() -> parse("--offline", text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--offline: expected a share between 0 and 1")
        .hasMessageEndingWith("got " + text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-0.1", "1.5", "NaN"})
  void failureRatesOutsideZeroToOneAreRefusedNamingTheVersion(String text) {
    assertThatThrownBy(() -> parse("--fail", "2.4.1=" + text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--fail 2.4.1: expected a share between 0 and 1");
  }

  @Test
  void sharesAtTheBoundsAreAccepted() {
    assertThat(parse("--offline", "0").offline()).isZero();
    assertThat(parse("--offline", "1").offline()).isEqualTo(1.0);
    assertThat(parse("--fail", "1.0.0=0,2.0.0=1").failureRates()).containsExactly(Map.entry("1.0.0", 0.0), Map.entry("2.0.0", 1.0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"create", "forged", "replayed", "other-model"})
  void negativeOrNonNumericCountsAreRefusedNamingTheOption(String option) {
    assertThatThrownBy(() -> parse("--" + option, "-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--" + option + ": expected a whole number of 0 or more, got -1");
    assertThatThrownBy(() -> parse("--" + option, "1.5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--" + option + ": expected a whole number");
    assertThat(parse("--" + option, "0")).isNotNull();
  }

  @Test
  void concurrencyAndModelWeightsMustBePositive() {
    assertThatThrownBy(() -> parse("--concurrency", "0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--concurrency: must be at least 1");
    assertThatThrownBy(() -> parse("--concurrency", "-4"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--concurrency: expected a whole number");
    assertThatThrownBy(() -> parse("--models", "pump-x2=1,pump-x3=0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--models pump-x3: must be at least 1");
    assertThatThrownBy(() -> parse("--models", "pump-x2=many"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--models pump-x2: expected a whole number");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "models | pump-x2",
      "models | =3",
      "models | pump-x2=",
      "models | pump-x2=1,,pump-x3=1",
      "labels | site",
      "labels | site=berlin,ward",
      "fail | 2.4.1",
      "installed | pump-x2=1.1.0,2.0.0"})
  void malformedPairsAreRefusedNamingTheOption(String option, String text) {
    assertThatThrownBy(() -> parse("--" + option, text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--" + option + ": expected KEY=VALUE, got ");
  }
}
