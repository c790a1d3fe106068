package io.keyfleet.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Chains as issuers return them (certificate, then intermediates, perhaps the anchor) against the trusted CA. */
class CertificatePathsTest {
  static final KeyPair ROOT_KEYS = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
  static final KeyPair ISSUING_KEYS = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
  static final KeyPair LEAF_KEYS = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
  static final KeyPair OTHER_KEYS = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
  static final X509Certificate ROOT = certificate("root", ROOT_KEYS, "root", ROOT_KEYS, true);
  static final X509Certificate OTHER_ROOT = certificate("root", OTHER_KEYS, "root", OTHER_KEYS, true);
  static final X509Certificate ISSUING = certificate("issuing", ISSUING_KEYS, "root", ROOT_KEYS, true);
  static final X509Certificate LEAF_OF_ROOT = certificate("leaf", LEAF_KEYS, "root", ROOT_KEYS, false);
  static final X509Certificate LEAF_OF_ISSUING = certificate("leaf", LEAF_KEYS, "issuing", ISSUING_KEYS, false);
  static final Map<String, X509Certificate> BY_NAME = Map.of("root", ROOT, "otherRoot", OTHER_ROOT, "issuing", ISSUING,
      "leafOfRoot", LEAF_OF_ROOT, "leafOfIssuing", LEAF_OF_ISSUING);

  @ParameterizedTest(name = "[{0}] to {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
    "leafOfRoot                  | root      | true",
    "leafOfRoot,root             | root      | true", // the anchor may end the chain
    "leafOfIssuing,issuing       | root      | true",
    "leafOfIssuing,issuing,root  | root      | true",
    "leafOfIssuing               | root      | false", // the intermediate is missing
    "leafOfIssuing,root          | root      | false",
    "issuing,leafOfIssuing       | root      | false", // out of order
    "leafOfRoot                  | otherRoot | false", // same name, another key
    "leafOfIssuing,issuing       | otherRoot | false",
    "root                        | root      | false", // nothing but the anchor
  })
  void aChainReachesTheAnchorOnlyInOrderAndWithEverySignature(String chain, String anchor, boolean reaches) {
    List<X509Certificate> certificates = java.util.Arrays.stream(chain.split(",")).map(n -> BY_NAME.get(n.trim())).toList();

    assertThat(CertificatePaths.chainsTo(certificates, BY_NAME.get(anchor))).isEqualTo(reaches);
  }

  @org.junit.jupiter.api.Test
  void anAnchorAtTheEndIsLeftOutOnlyThere() {
    assertThat(CertificatePaths.withoutAnchor(List.of(LEAF_OF_ISSUING, ISSUING, ROOT), ROOT)).containsExactly(LEAF_OF_ISSUING, ISSUING);
    assertThat(CertificatePaths.withoutAnchor(List.of(LEAF_OF_ISSUING, ISSUING), ROOT)).containsExactly(LEAF_OF_ISSUING, ISSUING);
    assertThat(CertificatePaths.withoutAnchor(List.of(ROOT), ROOT)).as("never empty").containsExactly(ROOT);
    assertThat(CertificatePaths.withoutAnchor(List.of(LEAF_OF_ROOT, OTHER_ROOT), ROOT)).containsExactly(LEAF_OF_ROOT, OTHER_ROOT);
  }

  private static X509Certificate certificate(String subject, KeyPair keys, String issuer, KeyPair issuerKeys, boolean ca) {
    try {
      var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer), BigInteger.valueOf(System.nanoTime()),
          Date.from(Instant.parse("2026-01-01T00:00:00Z")), Date.from(Instant.parse("2036-01-01T00:00:00Z")), new X500Name("CN=" + subject),
          keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
