package io.keyfleet.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.operator.testing.LocalControlPlane;
import io.keyfleet.operator.testing.LocalControlPlane.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs and examples against the real API server, checked with kubectl as a user would: the
 * examples are accepted, `kubectl get keyfleet` and `kubectl explain` show what on-call engineers
 * need, and every invalid example is rejected at admission with its rule's message.
 */
class CustomResourceDefinitionsIT {
  static LocalControlPlane plane;

  @BeforeAll
  static void installCrds() {
    plane = LocalControlPlane.get().withCrds();
  }

  @Test
  void examplesAreAcceptedAndListedWithTheirColumns() {
    Result applied = plane.kubectl("apply", "-f", plane.root().resolve("examples").toString());
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    assertThat(applied.output())
        .contains("keyrotationpolicy.keyfleet.io/clinical-standard")
        .contains("devicefleet.keyfleet.io/infusion-pumps")
        .contains("deviceidentity.keyfleet.io/pump-000004")
        .contains("updatecampaign.keyfleet.io/pump-x2-2.4.1");

    Result listed = plane.kubectl("get", "keyfleet", "-A");
    assertThat(listed.exitCode()).as(listed.output()).isZero();
    assertThat(listed.output())
        .contains("keyrotationpolicy.keyfleet.io/clinical-standard")
        .contains("devicefleet.keyfleet.io/infusion-pumps")
        .contains("deviceidentity.keyfleet.io/pump-000001")
        .contains("updatecampaign.keyfleet.io/pump-x2-2.4.1");
    assertThat(header(plane.kubectl("get", "dev", "-n", "infusion-pumps")))
        .containsExactly("NAME", "FLEET", "DEVICE", "READY", "NOT AFTER", "FIRMWARE", "AGE");
    assertThat(header(plane.kubectl("get", "uc", "-n", "infusion-pumps")))
        .containsExactly("NAME", "FLEET", "VERSION", "PHASE", "WAVE", "SUCCEEDED", "FAILED", "ELIGIBLE", "AGE");
    assertThat(header(plane.kubectl("get", "dfl", "-n", "infusion-pumps")))
        .containsExactly("NAME", "READY", "DEVICES", "ISSUED", "RENEWAL DUE", "REVOKED", "AGE");
    assertThat(header(plane.kubectl("get", "krp", "-n", "infusion-pumps")))
        .containsExactly("NAME", "DURATION", "ALGORITHM", "ROTATION", "READY", "AGE");
    assertThat(plane.kubectl("get", "dev", "pump-000006", "-n", "infusion-pumps", "-o", "wide").output())
        .contains("PUMP-000006")
        .contains("pump-x2")
        .contains("true");
  }

  @Test
  void explainShowsDescriptions() {
    Result csr = plane.kubectl("explain", "deviceidentity.spec.csr");
    assertThat(csr.exitCode()).as(csr.output()).isZero();
    assertThat(csr.output()).contains("PKCS#10").contains("private key never leaves the device");
    assertThat(plane.kubectl("explain", "devicefleet").output()).contains("DeviceFleet groups devices");
    assertThat(plane.kubectl("explain", "updatecampaign.spec.strategy.waves").output()).contains("deterministic");
    assertThat(plane.kubectl("explain", "krp.spec.windows.schedule").output()).contains("cron");
  }

  static Stream<Path> invalidExamples() throws IOException {
    return LocalControlPlane.yamlFiles(LocalControlPlane.repositoryRoot().resolve("operator/src/test/resources/invalid-examples")).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidExamples")
  void invalidExampleIsRejectedWithItsMessage(Path file) throws IOException {
    String text = Files.readString(file);
    String expected =
        text.lines().filter(l -> l.startsWith("# expect: ")).findFirst().orElseThrow().substring("# expect: ".length());
    String namespace = plane.createNamespace("invalid");
    Result result;
    if (file.getFileName().toString().endsWith(".update.yaml")) {
      String[] documents = text.split("(?m)^---$");
      Result created = plane.kubectlWithInput(documents[0], "apply", "-n", namespace, "-f", "-");
      assertThat(created.exitCode()).as("the first document is valid: " + created.output()).isZero();
      result = plane.kubectlWithInput(documents[1], "apply", "-n", namespace, "-f", "-");
    } else {
      result = plane.kubectl("create", "-n", namespace, "-f", file.toString());
    }
    assertThat(result.exitCode()).as("rejected").isNotZero();
    assertThat(result.output()).contains(expected);
    plane.kubectl("delete", "namespace", namespace, "--wait=false");
  }

  private static List<String> header(Result result) {
    assertThat(result.exitCode()).as(result.output()).isZero();
    return List.of(result.output().lines().findFirst().orElseThrow().trim().split("\\s{2,}"));
  }
}
