package io.keyfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {
  @Test
  void defaultsAndOverrides() {
    assertThat(BenchOptions.parse().count()).isEqualTo(10_000);
    BenchOptions o = BenchOptions.parse("--count", "200", "--concurrency", "32", "--operator-pid", "42", "--jcmd", "");
    assertThat(o.count()).isEqualTo(200);
    assertThat(o.concurrency()).isEqualTo(32);
    assertThat(o.operatorPid()).isEqualTo(42);
    assertThat(o.jcmd()).isNull();
    assertThat(o.repository()).isNull();
  }

  @Test
  void theCampaignBenchmarkCountsDevicesAndNamesTheRepository() {
    BenchOptions o = BenchOptions.parse("--devices", "2000", "--repository", "127.0.0.1:5000/keyfleet/keyfleet-bench");
    assertThat(o.count()).isEqualTo(2000);
    assertThat(o.repository()).isEqualTo("127.0.0.1:5000/keyfleet/keyfleet-bench");
    assertThatThrownBy(() -> BenchOptions.parse("--devices", "-3")).hasMessageContaining("--devices must be a positive");
    assertThat(BenchOptions.parse().reportDelay()).isZero();
    assertThat(BenchOptions.parse("--report-delay", "0").reportDelay()).isZero();
    assertThat(BenchOptions.parse("--report-delay", "30").reportDelay()).hasSeconds(30);
    assertThatThrownBy(() -> BenchOptions.parse("--report-delay", "-1")).hasMessageContaining("--report-delay must be a whole number, 0 or more");
  }

  @Test
  void badOptionsSayWhatIsWrong() {
    assertThatThrownBy(() -> BenchOptions.parse("--count", "0")).hasMessageContaining("--count must be a positive");
    assertThatThrownBy(() -> BenchOptions.parse("--count")).hasMessageContaining("--count needs a value");
    assertThatThrownBy(() -> BenchOptions.parse("--colour", "red")).hasMessageContaining("unknown option --colour");
    assertThatThrownBy(() -> BenchOptions.parse("--namespace", "x", "--raw-namespace", "x")).hasMessageContaining("must differ");
    assertThatThrownBy(() -> BenchOptions.parse("--operator-pid", "")).hasMessageContaining("--operator-pid must be a process id");
    assertThatThrownBy(() -> BenchOptions.parse("--help")).hasMessageStartingWith("usage: IdentityBenchmark|CampaignBenchmark");
  }

  @Test
  void deviceNamesMapToIndexes() {
    assertThat(BenchObjects.deviceName(0)).isEqualTo("bench-000001");
    assertThat(BenchObjects.deviceIndex("bench-000001")).isZero();
    assertThat(BenchObjects.deviceIndex("bench-012345")).isEqualTo(12344);
    assertThat(BenchObjects.deviceIndex("pump-1")).isEqualTo(-1);
    assertThat(BenchObjects.device("ns", 0).getSpec().getDeviceId()).isEqualTo("BENCH-000001");
  }

  @Test
  void rawSecretsAreAboutTwoKilobytes() {
    int bytes = BenchObjects.dataBytes(BenchObjects.rawSecret("ns", 0, 2048));
    assertThat(bytes).isBetween(1900, 2200);
  }
}
