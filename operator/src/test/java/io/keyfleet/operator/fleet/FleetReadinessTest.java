package io.keyfleet.operator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceFleetSpec;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.api.v1alpha1.KeyRotationPolicyStatus;
import io.keyfleet.api.v1alpha1.common.Condition;
import io.keyfleet.api.v1alpha1.common.ObjectRef;
import io.keyfleet.api.v1alpha1.fleet.BuiltinIssuer;
import io.keyfleet.api.v1alpha1.fleet.CertManagerIssuer;
import io.keyfleet.api.v1alpha1.fleet.IssuerRef;
import io.keyfleet.api.v1alpha1.fleet.IssuerSpec;
import io.keyfleet.operator.status.Conditions.Decision;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FleetReadinessTest {
  @Test
  void missingPolicyIsNamed() {
    Decision d = FleetReadiness.decide(fleet(), Optional.empty()).get(0);
    assertThat(d.reason()).isEqualTo("RotationPolicyNotFound");
    assertThat(d.message()).contains("'standard'").contains("spec.rotationPolicyRef.name");
  }

  @Test
  void invalidPolicyPassesItsMessageOn() {
    Decision d = FleetReadiness.decide(fleet(), Optional.of(policy(Condition.Status.False, "spec.windows[0].schedule: bad"))).get(0);
    assertThat(d.reason()).isEqualTo("RotationPolicyInvalid");
    assertThat(d.message()).contains("spec.windows[0].schedule: bad");
  }

  @Test
  void validPolicyAndBuiltinIssuerMakeItReady() {
    Decision d = FleetReadiness.decide(fleet(), Optional.of(policy(Condition.Status.True, "ok"))).get(0);
    assertThat(d.status()).isEqualTo(Condition.Status.True);
    assertThat(d.reason()).isEqualTo("Ready");
  }

  @Test
  void aPolicyNotYetReconciledDoesNotBlock() {
    KeyRotationPolicy unreconciled = new KeyRotationPolicy();
    assertThat(FleetReadiness.decide(fleet(), Optional.of(unreconciled)).get(0).reason()).isEqualTo("Ready");
  }

  @Test
  void aCertManagerIssuerPassesTheReferenceChecks() {
    DeviceFleet f = fleet();
    IssuerSpec issuer = new IssuerSpec();
    CertManagerIssuer cm = new CertManagerIssuer();
    IssuerRef ref = new IssuerRef();
    ref.setName("corporate-ca");
    cm.setIssuerRef(ref);
    issuer.setCertManager(cm);
    f.getSpec().setIssuer(issuer);
    Decision d = FleetReadiness.decide(f, Optional.of(policy(Condition.Status.True, "ok"))).get(0);
    // The issuer itself (exists, Ready) is checked by the fleet's authority, against the API server.
    assertThat(d.reason()).isEqualTo("Ready");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{deviceId}                         | ",
        "{deviceId}.{fleet}.{namespace}     | ",
        "pump-{model}-{deviceId}            | ",
        "{serial}                           | unknown placeholder {serial}",
        "{deviceid}                         | unknown placeholder {deviceid}",
        "{}                                 | unknown placeholder {}",
      })
  void templatePlaceholdersAreChecked(String template, String problem) {
    DeviceFleet f = fleet();
    f.getSpec().getCertificate().getDnsNames().add(template.trim());
    var problems = FleetReadiness.templateProblems(f.getSpec().getCertificate());
    if (problem == null) {
      assertThat(problems).isEmpty();
    } else {
      assertThat(problems).singleElement().asString().contains("spec.certificate.dnsNames[0]").contains(problem);
    }
  }

  static DeviceFleet fleet() {
    DeviceFleet f = new DeviceFleet();
    f.getMetadata().setName("pumps");
    f.getMetadata().setNamespace("icu");
    DeviceFleetSpec spec = new DeviceFleetSpec();
    IssuerSpec issuer = new IssuerSpec();
    issuer.setBuiltin(new BuiltinIssuer());
    spec.setIssuer(issuer);
    spec.setRotationPolicyRef(new ObjectRef("standard"));
    f.setSpec(spec);
    return f;
  }

  static KeyRotationPolicy policy(Condition.Status ready, String message) {
    KeyRotationPolicy p = new KeyRotationPolicy();
    p.getMetadata().setName("standard");
    KeyRotationPolicyStatus status = new KeyRotationPolicyStatus();
    status.getConditions().add(Condition.builder().type("Ready").status(ready).reason("X").message(message).build());
    p.setStatus(status);
    return p;
  }
}
