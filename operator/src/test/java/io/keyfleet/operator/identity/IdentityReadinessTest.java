package io.keyfleet.operator.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceFleetStatus;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.DeviceIdentitySpec;
import io.keyfleet.api.v1alpha1.common.Condition;
import io.keyfleet.api.v1alpha1.common.ObjectRef;
import io.keyfleet.api.v1alpha1.identity.RevocationReason;
import io.keyfleet.operator.status.Conditions.Decision;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IdentityReadinessTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        // name, revoked, fleet (null = missing; else its Ready status), expected Ready reason, Revoked status
        Arguments.of("no fleet", false, null, "FleetNotFound", Condition.Status.False),
        Arguments.of("fleet not reconciled", false, "none", "FleetNotReady", Condition.Status.False),
        Arguments.of("fleet not ready", false, "False", "FleetNotReady", Condition.Status.False),
        Arguments.of("fleet ready", false, "True", "AwaitingIssuance", Condition.Status.False),
        Arguments.of("revoked without fleet", true, null, "Revoked", Condition.Status.True),
        Arguments.of("revoked with ready fleet", true, "True", "Revoked", Condition.Status.True));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(String name, boolean revoked, String fleetReady, String readyReason, Condition.Status revokedStatus) {
    List<Decision> decisions = IdentityReadiness.decide(device(revoked), fleet(fleetReady));
    Decision ready = decisions.stream().filter(d -> d.type().equals("Ready")).findFirst().orElseThrow();
    assertThat(ready.status()).isEqualTo(Condition.Status.False);
    assertThat(ready.reason()).isEqualTo(readyReason);
    assertThat(decisions.stream().filter(d -> d.type().equals("Revoked")).findFirst().orElseThrow().status())
        .isEqualTo(revokedStatus);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void messagesNameTheFleet(String name, boolean revoked, String fleetReady, String readyReason, Condition.Status s) {
    Decision ready = IdentityReadiness.decide(device(revoked), fleet(fleetReady)).get(0);
    if (!revoked) {
      assertThat(ready.message()).contains("'pumps'");
    }
    if (readyReason.equals("FleetNotFound")) {
      assertThat(ready.message()).contains("spec.fleetRef.name").contains("namespace 'icu'");
    }
  }

  static DeviceIdentity device(boolean revoked) {
    DeviceIdentity d = new DeviceIdentity();
    d.getMetadata().setName("pump-1");
    d.getMetadata().setNamespace("icu");
    DeviceIdentitySpec spec = new DeviceIdentitySpec();
    spec.setFleetRef(new ObjectRef("pumps"));
    spec.setDeviceId("PUMP-1");
    spec.setModel("pump-x2");
    spec.setRevoked(revoked);
    if (revoked) {
      spec.setRevocationReason(RevocationReason.keyCompromise);
    }
    d.setSpec(spec);
    return d;
  }

  static Optional<DeviceFleet> fleet(String ready) {
    if (ready == null) {
      return Optional.empty();
    }
    DeviceFleet f = new DeviceFleet();
    f.getMetadata().setName("pumps");
    if (!ready.equals("none")) {
      DeviceFleetStatus status = new DeviceFleetStatus();
      status.getConditions()
          .add(Condition.builder().type("Ready").status(Condition.Status.valueOf(ready)).reason("X").message("y").build());
      f.setStatus(status);
    }
    return Optional.of(f);
  }
}
