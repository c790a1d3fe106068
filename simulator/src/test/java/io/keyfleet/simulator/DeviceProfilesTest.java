package io.keyfleet.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeviceProfilesTest {
  static final List<String> NAMES = IntStream.range(0, 10_000).mapToObj(i -> String.format("dev-%06d", i)).toList();

  static DeviceProfiles profiles(String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "--namespace";
    all[1] = "plant-a";
    all[2] = "--fleet";
    all[3] = "pumps";
    System.arraycopy(args, 0, all, 4, args.length);
    return new DeviceProfiles(SimulatorOptions.parse(all));
  }

  @Test
  void theSameNameGetsTheSameAnswers() {
    String[] args = {"--offline", "0.5", "--install-time", "2s", "--fail", "2.0.0=0.5"};
    DeviceProfiles a = profiles(args);
    DeviceProfiles b = profiles(args);

    for (String name : NAMES.subList(0, 500)) {
      assertThat(b.offline(name)).isEqualTo(a.offline(name));
      assertThat(b.installTime(name)).isEqualTo(a.installTime(name));
      assertThat(b.failsToInstall(name, "2.0.0")).isEqualTo(a.failsToInstall(name, "2.0.0"));
      assertThat(a.installTime(name)).isEqualTo(a.installTime(name));
    }
  }

  @Test
  void unitIsInZeroToOneAndDependsOnNameAndPurpose() {
    for (String name : NAMES.subList(0, 1000)) {
      assertThat(DeviceProfiles.unit(name, "offline")).isGreaterThanOrEqualTo(0).isLessThan(1);
    }
    assertThat(DeviceProfiles.unit("dev-000001", "offline")).isEqualTo(DeviceProfiles.unit("dev-000001", "offline"))
        .isNotEqualTo(DeviceProfiles.unit("dev-000002", "offline"))
        .isNotEqualTo(DeviceProfiles.unit("dev-000001", "install"));
  }

  @Test
  void offlineShareIsCloseToTheConfiguredOne() {
    DeviceProfiles p = profiles("--offline", "0.1");

    long offline = NAMES.stream().filter(p::offline).count();

    assertThat(offline / (double) NAMES.size()).isBetween(0.08, 0.12);
  }

  @Test
  void noDeviceIsOfflineByDefaultAndEveryDeviceAtOne() {
    assertThat(NAMES.stream().filter(profiles()::offline)).isEmpty();
    assertThat(NAMES.stream().filter(profiles("--offline", "1")::offline)).hasSameSizeAs(NAMES);
  }

  @Test
  void installTimeIsBetweenHalfAndOneAndAHalfTimesTheMean() {
    DeviceProfiles p = profiles("--install-time", "2s");

    List<Long> millis = NAMES.stream().map(p::installTime).map(Duration::toMillis).toList();

    assertThat(millis).allSatisfy(ms -> assertThat(ms).isBetween(1000L, 3000L));
    // spread over the whole range, not one value
    assertThat(millis.stream().mapToLong(Long::longValue).min().orElseThrow()).isLessThan(1100L);
    assertThat(millis.stream().mapToLong(Long::longValue).max().orElseThrow()).isGreaterThan(2900L);
    assertThat(millis.stream().mapToLong(Long::longValue).average().orElseThrow()).isBetween(1900.0, 2100.0);
  }

  @Test
  void failureRateAppliesOnlyToItsVersion() {
    DeviceProfiles p = profiles("--fail", "2.0.0=0.3");

    long failing = NAMES.stream().filter(n -> p.failsToInstall(n, "2.0.0")).count();

    assertThat(failing / (double) NAMES.size()).isBetween(0.27, 0.33);
    assertThat(NAMES.stream().filter(n -> p.failsToInstall(n, "2.0.1"))).isEmpty();
    assertThat(NAMES.stream().filter(n -> p.failsToInstall(n, "1.0.0"))).isEmpty();
  }

  @Test
  void eachVersionFailsOnItsOwnDevices() {
    DeviceProfiles p = profiles("--fail", "2.0.0=0.5,2.1.0=0.5");

    long both = NAMES.stream().filter(n -> p.failsToInstall(n, "2.0.0") && p.failsToInstall(n, "2.1.0")).count();

    // independent draws: about a quarter fail both, not the same half
    assertThat(both / (double) NAMES.size()).isBetween(0.22, 0.28);
  }

  @Test
  void offlineAndFailureAreIndependentDraws() {
    DeviceProfiles p = profiles("--offline", "0.5", "--fail", "2.0.0=0.5");

    long both = NAMES.stream().filter(n -> p.offline(n) && p.failsToInstall(n, "2.0.0")).count();

    assertThat(both / (double) NAMES.size()).isBetween(0.22, 0.28);
  }

  @Test
  void modelWeightsAreSpreadExactly() {
    DeviceProfiles p = profiles("--models", "pump-x2=49,pump-x3=1");

    Map<String, Integer> counts = new HashMap<>();
    for (int n = 0; n < 1000; n++) {
      counts.merge(p.model(n), 1, Integer::sum);
    }

    assertThat(counts).containsOnly(Map.entry("pump-x2", 980), Map.entry("pump-x3", 20));
  }

  @Test
  void modelsFollowTheirOrderInEveryBlock() {
    DeviceProfiles p = profiles("--models", "a=2,b=3,c=1");

    assertThat(IntStream.range(0, 12).mapToObj(p::model).toList())
        .containsExactly("a", "a", "b", "b", "b", "c", "a", "a", "b", "b", "b", "c");
    assertThat(p.model(-1)).isEqualTo("c");
  }

  @Test
  void oneModelByDefault() {
    DeviceProfiles p = profiles();

    assertThat(IntStream.range(0, 100).mapToObj(p::model).distinct()).containsExactly("pump-x2");
  }
}
