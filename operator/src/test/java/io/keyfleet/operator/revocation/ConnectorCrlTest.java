package io.keyfleet.operator.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.keyfleet.api.v1alpha1.identity.RevocationReason;
import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import io.keyfleet.connector.DeviceCredentials;
import io.keyfleet.connector.RevocationList;
import io.keyfleet.connector.RevocationListException;
import io.keyfleet.operator.identity.DeviceSecret;
import io.keyfleet.operator.pki.CaMaterial;
import io.keyfleet.operator.pki.CertificateIssuer;
import io.keyfleet.operator.pki.CrlBuilder;
import io.keyfleet.operator.pki.ExtendedKeyUsageName;
import io.keyfleet.operator.pki.FleetCa;
import io.keyfleet.operator.pki.IssueRequest;
import io.keyfleet.operator.pki.KeyPairs;
import io.keyfleet.operator.pki.KeyUsageName;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.pki.RevokedEntry;
import io.keyfleet.operator.testing.Resources;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector SDK's RevocationList accepts the CRL the operator's CrlBuilder signs with a
 * FleetCa, fetched from the distribution point CertificateIssuer embeds, checked against the
 * ca.crt of a DeviceSecret, and finds the revoked serials.
 */
class ConnectorCrlTest {
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static HttpServer server;
  static CaMaterial ca;
  static X509Certificate good;
  static X509Certificate revoked;
  static X509Certificate unspecified;
  static X509CRL crl;
  static List<X509Certificate> anchors;

  @BeforeAll
  static void fleet() {
    ca = FleetCa.create("Connector Test Fleet CA", "Keyfleet Tests", Duration.ofDays(30), CLOCK);
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/crl/hospital-a/fleet-a.crl";
    KeyPair goodKeys = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    good = issue(goodKeys, "PUMP-0001", url);
    revoked = issue(KeyPairs.generate(KeyAlgorithm.ECDSA_P384), "PUMP-0002", url);
    unspecified = issue(KeyPairs.generate(KeyAlgorithm.ED25519), "PUMP-0003", url);
    crl = CrlBuilder.build(ca, BigInteger.valueOf(7), NOW.minusSeconds(30), NOW.plus(Duration.ofHours(6)), List.of(
        new RevokedEntry(revoked.getSerialNumber(), NOW.minusSeconds(60), RevocationReason.keyCompromise),
        new RevokedEntry(unspecified.getSerialNumber(), NOW.minusSeconds(60), RevocationReason.unspecified)));
    byte[] der = encoded(crl);
    server.createContext("/crl/hospital-a/fleet-a.crl", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/pkix-crl");
      exchange.sendResponseHeaders(200, der.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(der);
      }
    });
    server.start();
    // The trust anchors as a connector reads them: ca.crt of the device's Secret.
    Secret secret = DeviceSecret.build(Resources.device("hospital-a", "pump-0001", "fleet-a"), List.of(good, ca.certificate()),
        Optional.of(goodKeys.getPrivate()), Pem.certificate(ca.certificate()), 1, NOW, "Generated", List.of(), List.of(), null, null);
    anchors = DeviceCredentials.fromSecretData(secret.getData()).trustAnchors();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  static X509Certificate issue(KeyPair keys, String name, String crlUrl) {
    return CertificateIssuer.issue(ca, new IssueRequest(IssueRequest.subject(name, "Acme Medical", null, null), null, null,
        Set.of(KeyUsageName.digitalSignature), Set.of(ExtendedKeyUsageName.clientAuth), keys.getPublic(), Duration.ofDays(1), crlUrl), CLOCK);
  }

  static byte[] encoded(X509CRL crl) {
    try {
      return crl.getEncoded();
    } catch (java.security.cert.CRLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theOperatorsCrlFetchedFromItsDistributionPointFindsTheRevokedSerials() throws Exception {
    URI point = RevocationList.distributionPoint(good).orElseThrow();
    assertThat(point.getPath()).isEqualTo("/crl/hospital-a/fleet-a.crl");

    RevocationList list = RevocationList.fetch(point, anchors, CLOCK);

    assertThat(list.issuer()).isEqualTo(ca.certificate());
    assertThat(list.isRevoked(good)).isFalse();
    assertThat(list.isRevoked(revoked)).isTrue();
    assertThat(list.revocationReason(revoked)).contains(CRLReason.KEY_COMPROMISE);
    assertThat(list.isRevoked(unspecified)).isTrue();
    assertThat(list.revocationReason(unspecified)).contains(CRLReason.UNSPECIFIED);
    assertThat(list.nextUpdate()).isEqualTo(NOW.plus(Duration.ofHours(6)));
  }

  @Test
  void theCrlPemOfTheConfigMapIsAcceptedToo() throws Exception {
    RevocationList list = RevocationList.parse(Pem.crl(crl).getBytes(StandardCharsets.US_ASCII), anchors, CLOCK);
    assertThat(list.isRevoked(revoked)).isTrue();
    assertThat(list.isRevoked(good)).isFalse();
  }

  @Test
  void aCrlOfAnotherFleetCaOrPastItsNextUpdateIsRefused() {
    CaMaterial other = FleetCa.create("Connector Test Fleet CA", "Keyfleet Tests", Duration.ofDays(30), CLOCK);
    X509CRL forged = CrlBuilder.build(other, BigInteger.ONE, NOW, NOW.plus(Duration.ofHours(6)), List.of());
    assertThatThrownBy(() -> RevocationList.parse(encoded(forged), anchors, CLOCK))
        .isInstanceOfSatisfying(RevocationListException.class,
            e -> assertThat(e.failure()).isEqualTo(RevocationListException.Failure.BAD_SIGNATURE));
    X509CRL old = CrlBuilder.build(ca, BigInteger.ONE, NOW.minus(Duration.ofHours(7)), NOW.minus(Duration.ofHours(1)), List.of());
    assertThatThrownBy(() -> RevocationList.parse(encoded(old), anchors, CLOCK))
        .isInstanceOfSatisfying(RevocationListException.class,
            e -> assertThat(e.failure()).isEqualTo(RevocationListException.Failure.STALE));
  }
}
