package io.keyfleet.operator.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import io.keyfleet.operator.pki.CaMaterial;
import io.keyfleet.operator.pki.CertificateIssuer;
import io.keyfleet.operator.pki.FleetCa;
import io.keyfleet.operator.pki.KeyPairs;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.testing.Resources;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The device Secrets' cache keeps no key material, only facts; those facts decide, with
 * {@link CredentialCheck}, whether the credentials can be kept.
 */
class DeviceSecretStoreTest {
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final DeviceIdentity DEVICE = Resources.device("hospital-a", "pump-0001", "fleet-a");
  static CaMaterial ca;
  static CaMaterial otherCa;

  @BeforeAll
  static void cas() {
    ca = FleetCa.create("Store Test Fleet CA", null, Duration.ofDays(30), CLOCK);
    otherCa = FleetCa.create("Someone Else's CA", null, Duration.ofDays(30), CLOCK);
    DEVICE.getMetadata().setUid("device-uid");
  }

  /** A device Secret as the operator writes it, signed by {@code signer}, holding {@code key}. */
  static Secret secret(CaMaterial signer, KeyPair certified, KeyPair held, String uid, String resourceVersion) {
    var leaf = CertificateIssuer.issue(signer,
        CertificateTemplating.request(Resources.fleet("hospital-a", "fleet-a", "standard"), DEVICE, certified.getPublic(), Duration.ofDays(1),
            "http://crl.example/fleet-a.crl"), CLOCK);
    Secret s = DeviceSecret.build(DEVICE, List.of(leaf, signer.certificate()), Optional.of(held.getPrivate()),
        Pem.certificate(ca.certificate()), 3, NOW, "Generated", List.of(), List.of(), null, null);
    s.getMetadata().setUid(uid);
    s.getMetadata().setResourceVersion(resourceVersion);
    return s;
  }

  @Test
  void theCacheKeepsFactsAndNoKeyMaterial() {
    KeyPair key = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    Secret secret = secret(ca, key, key, "s1", "10");
    DeviceSecretStore store = new DeviceSecretStore();
    store.put("hospital-a/pump-0001-tls", secret);

    Secret cached = store.get("hospital-a/pump-0001-tls");
    assertThat(cached.getData()).isNullOrEmpty();
    assertThat(cached.getMetadata().getAnnotations()).isEmpty();
    assertThat(cached.getMetadata().getLabels()).isEmpty();
    assertThat(cached.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getKind()).isEqualTo("DeviceIdentity"));
    SecretFacts f = store.facts(cached, () -> { throw new AssertionError("no read needed"); }).orElseThrow();
    assertThat(f.verifiedByCa()).isEqualTo(Pem.sha256Fingerprint(ca.certificate()));
    assertThat(f.keyMatches()).isTrue();
    assertThat(f.hasKey()).isTrue();
    assertThat(f.revision()).isEqualTo(3);
    assertThat(f.hasPublicKey(key.getPublic())).isTrue();
    assertThat(f.uris()).contains(CertificateTemplating.deviceUri(DEVICE));
    assertThat(f.toString()).doesNotContain("PRIVATE");
    assertThat(CredentialCheck.reissueReason(DEVICE, ca, Optional.of(f), NOW)).isNull();
  }

  @Test
  void aCertificateFromAnotherCaOrAKeyThatDoesNotMatchIsReissued() {
    KeyPair key = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    KeyPair other = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    DeviceSecretStore store = new DeviceSecretStore();
    store.put("a", secret(otherCa, key, key, "s1", "1"));
    store.put("b", secret(ca, key, other, "s2", "1"));
    SecretFacts foreign = store.facts(store.get("a"), () -> null).orElseThrow();
    SecretFacts mismatched = store.facts(store.get("b"), () -> null).orElseThrow();
    assertThat(CredentialCheck.reissueReason(DEVICE, ca, Optional.of(foreign), NOW)).contains("not issued by the fleet's current CA");
    assertThat(CredentialCheck.reissueReason(DEVICE, ca, Optional.of(mismatched), NOW)).contains("tls.key does not match");
    assertThat(CredentialCheck.reissueReason(DEVICE, ca, Optional.of(mismatched), NOW.plus(Duration.ofDays(2))))
        .contains("expired");
    assertThat(CredentialCheck.reissueReason(DEVICE, ca, Optional.empty(), NOW)).isEqualTo("no certificate yet");
  }

  @Test
  void aCertificateFromAnIntermediateChainsToTheTrustedCaAndIsKeptWhileTheIntermediateKeyIsTheFleets() {
    KeyPair intermediateKey = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    CaMaterial intermediate = intermediate(intermediateKey, 1);
    CaMaterial renewed = intermediate(intermediateKey, 2);
    CaMaterial rekeyed = intermediate(KeyPairs.generate(KeyAlgorithm.ECDSA_P256), 3);
    KeyPair key = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    DeviceSecretStore store = new DeviceSecretStore();
    store.put("a", secret(intermediate, key, key, "s1", "1"));

    SecretFacts f = store.facts(store.get("a"), () -> null).orElseThrow();

    assertThat(f.verifiedByCa()).as("the CA in ca.crt, through the intermediate in tls.crt").isEqualTo(Pem.sha256Fingerprint(ca.certificate()));
    assertThat(f.signedByKey()).isEqualTo(SecretFacts.keyHex(intermediateKey.getPublic()));
    assertThat(CredentialCheck.reissueReason(DEVICE, ca.certificate(), Optional.of(renewed.certificate().getPublicKey()), Optional.of(f), NOW))
        .as("the intermediate renewed for the same key").isNull();
    assertThat(CredentialCheck.reissueReason(DEVICE, ca.certificate(), Optional.of(rekeyed.certificate().getPublicKey()), Optional.of(f), NOW))
        .isEqualTo("the certificate was not signed by the fleet's current signing key");
    assertThat(CredentialCheck.reissueReason(DEVICE, ca.certificate(), Optional.empty(), Optional.of(f), NOW))
        .as("an external issuer's keys are not tracked").isNull();
    assertThat(CredentialCheck.reissueReason(DEVICE, otherCa.certificate(), Optional.of(intermediateKey.getPublic()), Optional.of(f), NOW))
        .isEqualTo("the certificate was not issued by the fleet's current CA");
  }

  /** An intermediate CA certificate that {@link #ca} issued for {@code key}. */
  static CaMaterial intermediate(KeyPair key, long serial) {
    try {
      var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(ca.certificate(), java.math.BigInteger.valueOf(serial),
          java.util.Date.from(NOW.minusSeconds(60)), java.util.Date.from(NOW.plus(Duration.ofDays(20))),
          new javax.security.auth.x500.X500Principal("CN=keyfleet device CA hospital-a/fleet-a"), key.getPublic());
      var utils = new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils();
      builder.addExtension(org.bouncycastle.asn1.x509.Extension.basicConstraints, true, new org.bouncycastle.asn1.x509.BasicConstraints(true))
          .addExtension(org.bouncycastle.asn1.x509.Extension.keyUsage, true,
              new org.bouncycastle.asn1.x509.KeyUsage(org.bouncycastle.asn1.x509.KeyUsage.keyCertSign | org.bouncycastle.asn1.x509.KeyUsage.cRLSign))
          .addExtension(org.bouncycastle.asn1.x509.Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key.getPublic()));
      var signer = new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA384withECDSA").build(ca.privateKey());
      return new CaMaterial(new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(builder.build(signer)),
          key.getPrivate());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aVersionTheOperatorWroteIsNotInspectedAgainAndAnyOtherIs() {
    KeyPair key = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    Secret written = secret(ca, key, key, "s1", "7");
    SecretFacts known = SecretFacts.written(written, DeviceSecret.read(written).orElseThrow(), "fingerprint-of-the-ca",
        ca.certificate().getPublicKey());
    DeviceSecretStore store = new DeviceSecretStore();
    store.expect(written, known);
    store.put("k", secret(ca, key, key, "s1", "7"));
    assertThat(store.facts(store.get("k"), () -> null)).containsSame(known);

    // Someone else writes the Secret: the new version is inspected (and found foreign: its
    // certificate does not chain to the Secret's ca.crt, whatever CA certificate tls.crt carries).
    store.put("k", secret(otherCa, key, key, "s1", "8"));
    SecretFacts foreign = store.facts(store.get("k"), () -> null).orElseThrow();
    assertThat(foreign).isNotSameAs(known);
    assertThat(foreign.verifiedByCa()).isNull();
    assertThat(foreign.signedByKey()).isEqualTo(SecretFacts.keyHex(otherCa.certificate().getPublicKey()));
  }

  @Test
  void whenTheWatchEventComesBeforeTheWriteReturnsTheWrittenFactsAreTaken() {
    KeyPair key = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    Secret written = secret(ca, key, key, "s1", "7");
    SecretFacts known = SecretFacts.written(written, DeviceSecret.read(written).orElseThrow(), "fingerprint-of-the-ca",
        ca.certificate().getPublicKey());
    DeviceSecretStore store = new DeviceSecretStore();
    store.put("k", secret(ca, key, key, "s1", "7"));
    assertThat(store.pending()).isEqualTo(1);
    store.expect(written, known);
    assertThat(store.pending()).isZero();
    assertThat(store.facts(store.get("k"), () -> null)).containsSame(known);
  }

  @Test
  void aCachedVersionWithoutFactsIsReadWholeAndARemovedSecretForgotten() {
    KeyPair key = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    DeviceSecretStore store = new DeviceSecretStore();
    store.put("k", secret(ca, key, key, "s1", "1"));
    Secret newer = secret(ca, key, key, "s1", "2");
    Secret cachedNewer = DeviceSecretStore.lean(secret(ca, key, key, "s1", "2"));
    AtomicInteger reads = new AtomicInteger();
    assertThat(store.facts(cachedNewer, () -> {
      reads.incrementAndGet();
      return newer;
    })).hasValueSatisfying(f -> assertThat(f.resourceVersion()).isEqualTo("2"));
    assertThat(reads).hasValue(1);

    store.remove("k");
    assertThat(store.facts(store.get("k"), () -> null)).isEmpty();
    assertThat(store.facts(cachedNewer, () -> null)).isEmpty();
  }
}
