package io.keyfleet.operator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.common.Condition;
import io.keyfleet.api.v1alpha1.fleet.CertManagerIssuer;
import io.keyfleet.api.v1alpha1.fleet.IssuerRef;
import io.keyfleet.api.v1alpha1.fleet.IssuerSpec;
import io.keyfleet.operator.pki.CaMaterial;
import io.keyfleet.operator.pki.FleetCa;
import io.keyfleet.operator.status.Conditions.Decision;
import io.keyfleet.operator.testing.Resources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Ready condition of a cert-manager fleet: what it says about the CRL, the intermediate, and a renewal that drags on. */
class CertManagerFleetsTest {
  static final String URL = "http://keyfleet.example/crl/hospital-a/pumps.crl";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void perDeviceSaysWhetherTheIssuerNamesTheFleetsCrl() {
    Decision named = CertManagerFleets.ready(fleet(), URL, List.of(URL), Optional.empty());
    Decision unnamed = CertManagerFleets.ready(fleet(), URL, List.of(), Optional.empty());

    assertThat(named.status()).isEqualTo(Condition.Status.True);
    assertThat(named.message()).isEqualTo("ClusterIssuer 'devices' is Ready and names the fleet's CRL " + URL);
    assertThat(unnamed.status()).isEqualTo(Condition.Status.True);
    assertThat(unnamed.message()).isEqualTo("ClusterIssuer 'devices' is Ready; for revocation to reach relying parties its"
        + " spec.ca.crlDistributionPoints must name " + URL + " (it names [])");
  }

  @Test
  void intermediateNamesTheCertificateAndItsEnd() {
    CaMaterial intermediate = FleetCa.create("keyfleet device CA hospital-a/pumps", null, Duration.ofDays(365), CLOCK);

    Decision d = CertManagerFleets.readyWithIntermediate(fleet(), intermediate.certificate(), Optional.empty());

    assertThat(d.status()).isEqualTo(Condition.Status.True);
    assertThat(d.message()).isEqualTo("ClusterIssuer 'devices' is Ready and certified the fleet's intermediate CA"
        + " CN=keyfleet device CA hospital-a/pumps until " + intermediate.certificate().getNotAfter().toInstant());
  }

  @Test
  void aRenewalThatWaitsShowsWhileTheFleetStaysReady() {
    CaMaterial intermediate = FleetCa.create("keyfleet device CA hospital-a/pumps", null, Duration.ofDays(365), CLOCK);
    Optional<String> renewal = Optional.of("CertificateRequestDenied: CertificateRequest hospital-a/pumps-intermediate-ca-x: PolicyDenied: no CAs");

    assertThat(CertManagerFleets.readyWithIntermediate(fleet(), intermediate.certificate(), renewal).message())
        .endsWith("; renewing it: CertificateRequestDenied: CertificateRequest hospital-a/pumps-intermediate-ca-x: PolicyDenied: no CAs");
    assertThat(CertManagerFleets.ready(fleet(), URL, List.of(URL), renewal).message())
        .endsWith("; renewing it: CertificateRequestDenied: CertificateRequest hospital-a/pumps-intermediate-ca-x: PolicyDenied: no CAs");
  }

  private static DeviceFleet fleet() {
    DeviceFleet fleet = Resources.fleet("hospital-a", "pumps", "standard");
    IssuerRef ref = new IssuerRef();
    ref.setName("devices");
    ref.setKind(IssuerRef.Kind.ClusterIssuer);
    CertManagerIssuer certManager = new CertManagerIssuer();
    certManager.setIssuerRef(ref);
    IssuerSpec issuer = new IssuerSpec();
    issuer.setCertManager(certManager);
    fleet.getSpec().setIssuer(issuer);
    return fleet;
  }
}
