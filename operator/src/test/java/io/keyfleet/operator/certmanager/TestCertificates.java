package io.keyfleet.operator.certmanager;

import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import io.keyfleet.operator.pki.KeyPairs;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates as an external CA (cert-manager) would return them, built with Bouncy Castle
 * directly so the tests control every field (times to the second, key usages, SANs, who signs).
 */
final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(1000);
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private TestCertificates() {}

  static KeyPair keys() {
    return KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
  }

  /** A self-signed CA certificate. */
  static X509Certificate ca(String commonName, KeyPair keys) {
    return certificate(new X500Name("CN=" + commonName), keys.getPublic(), new X500Name("CN=" + commonName), keys.getPrivate(),
        Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2036-01-01T00:00:00Z"), true,
        KeyUsage.keyCertSign | KeyUsage.cRLSign, List.of(), List.of());
  }

  /** A leaf for {@code key}, issued by {@code issuer} (whose private key signs it). */
  static X509Certificate leaf(X500Name subject, PublicKey key, X509Certificate issuer, PrivateKey issuerKey, Instant notBefore,
      Instant notAfter, int keyUsage, List<String> dnsNames, List<String> uris) {
    return certificate(subject, key, X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()), issuerKey, notBefore, notAfter,
        false, keyUsage, dnsNames, uris);
  }

  /** A CA certificate issued by {@code issuer} with the given key usages (KeyUsage bits). */
  static X509Certificate ca(String commonName, KeyPair keys, X509Certificate issuer, KeyPair issuerKeys, int keyUsage) {
    return certificate(new X500Name("CN=" + commonName), keys.getPublic(), X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
        issuerKeys.getPrivate(), Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2031-01-01T00:00:00Z"), true, keyUsage, List.of(),
        List.of());
  }

  /** An intermediate CA certificate issued by {@code issuer}. */
  static X509Certificate intermediate(String commonName, PublicKey key, X509Certificate issuer, PrivateKey issuerKey) {
    return certificate(new X500Name("CN=" + commonName), key, X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
        issuerKey, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2031-01-01T00:00:00Z"), true,
        KeyUsage.keyCertSign | KeyUsage.cRLSign, List.of(), List.of());
  }

  private static X509Certificate certificate(X500Name subject, PublicKey key, X500Name issuer, PrivateKey issuerKey, Instant notBefore,
      Instant notAfter, boolean isCa, int keyUsage, List<String> dnsNames, List<String> uris) {
    try {
      var builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore),
          Date.from(notAfter), subject, key);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      if (keyUsage != 0) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
      }
      List<GeneralName> names = new ArrayList<>();
      dnsNames.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
      uris.forEach(u -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, u)));
      if (!names.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
      }
      var signer = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(issuerKey);
      return new JcaX509CertificateConverter().setProvider(BC).getCertificate(builder.build(signer));
    } catch (Exception e) {
      throw new IllegalStateException("cannot build a test certificate", e);
    }
  }
}
