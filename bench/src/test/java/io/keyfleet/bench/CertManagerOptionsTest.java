package io.keyfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CertManagerOptionsTest {
  static final String[] NEEDED = {"--cert-manager", "/cache/cert-manager", "--operator-jar", "/repo/op.jar", "--log-dir", "/r", "--pid-dir", "/p"};

  @Test
  void defaultsAndTheCommandLinesOfTheControllers() {
    CertManagerOptions o = CertManagerOptions.parse(NEEDED);
    assertThat(o.count()).isEqualTo(10_000);
    assertThat(o.concurrency()).isEqualTo(16);
    assertThat(o.certManagerDefaultArgs("/k", "ca")).containsExactly("/cache/cert-manager", "--kubeconfig=/k", "--cluster-resource-namespace=ca", "--v=2");
    assertThat(o.certManagerTunedArgs("/k", "ca")).startsWith("/cache/cert-manager", "--kubeconfig=/k")
        .endsWith("--kube-api-qps=10000", "--kube-api-burst=10000", "--concurrent-workers=16");
    assertThat(o.operatorCommand()).containsExactly("java", "-Xmx1g", "-jar", "/repo/op.jar");
  }

  @Test
  void overrides() {
    CertManagerOptions o = CertManagerOptions.parse(concat("--count", "1000", "--tuned-workers", "32", "--operator-heap", "512m",
        "--operator-java-opts", " -XX:+UseG1GC  -XX:+UseStringDeduplication ", "--java", "/jdk/bin/java", "--jcmd", ""));
    assertThat(o.count()).isEqualTo(1000);
    assertThat(o.jcmd()).isNull();
    assertThat(o.logDir()).isEqualTo(Path.of("/r"));
    assertThat(o.certManagerTunedArgs("/k", "ca")).contains("--concurrent-workers=32");
    assertThat(o.operatorCommand()).containsExactly("/jdk/bin/java", "-Xmx512m", "-XX:+UseG1GC", "-XX:+UseStringDeduplication", "-jar", "/repo/op.jar");
  }

  @Test
  void badOptionsSayWhatIsWrong() {
    assertThatThrownBy(() -> CertManagerOptions.parse("--count", "10")).hasMessageContaining("--cert-manager, --operator-jar, --log-dir and --pid-dir are needed");
    assertThatThrownBy(() -> CertManagerOptions.parse(concat("--tuned-workers", "0"))).hasMessageContaining("--tuned-workers must be a positive");
    assertThatThrownBy(() -> CertManagerOptions.parse(concat("--count"))).hasMessageContaining("--count needs a value");
    assertThatThrownBy(() -> CertManagerOptions.parse(concat("--devices", "3"))).hasMessageContaining("unknown option --devices");
    assertThatThrownBy(() -> CertManagerOptions.parse(concat("--cert-manager", ""))).hasMessageContaining("--cert-manager, --operator-jar, --log-dir and --pid-dir are needed");
    assertThatThrownBy(() -> CertManagerOptions.parse(concat("--etcd-pid", "etcd"))).hasMessageContaining("--etcd-pid must be a process id");
  }

  @Test
  void phasesAreAllByDefaultOrTheOnesListed() {
    assertThat(CertManagerOptions.PHASES.stream().filter(CertManagerOptions.parse(NEEDED)::runs)).containsExactly("a1", "a2", "b", "c", "d");
    CertManagerOptions some = CertManagerOptions.parse(concat("--phases", "c, d"));
    assertThat(CertManagerOptions.PHASES.stream().filter(some::runs)).containsExactly("c", "d");
    assertThatThrownBy(() -> CertManagerOptions.parse(concat("--phases", "b,e"))).hasMessageContaining("--phases: 'e' is no phase");
  }

  @Test
  void controllerNamesBecomeJsonKeys() {
    assertThat(CertManagerBenchmark.camel("cert-manager")).isEqualTo("certManager");
    assertThat(CertManagerBenchmark.camel("operator")).isEqualTo("operator");
  }

  private static String[] concat(String... more) {
    String[] all = java.util.Arrays.copyOf(NEEDED, NEEDED.length + more.length);
    System.arraycopy(more, 0, all, NEEDED.length, more.length);
    return all;
  }
}
