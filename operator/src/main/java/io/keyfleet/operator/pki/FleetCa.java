package io.keyfleet.operator.pki;

import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import java.security.KeyPair;
import java.security.PrivateKey;
import org.bouncycastle.cert.CertIOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * The built-in fleet CA: bootstraps a new one, or loads one a user supplies.
 *
 * <p>Why these choices: P-384 with SHA-384 outlives any device key it signs; {@code pathLen 0}
 * means a stolen fleet CA cannot mint further CAs; the five-minute back-dating tolerates device
 * clocks that lag the cluster.
 */
public final class FleetCa {
  /** How far notBefore is back-dated, for device clocks behind the cluster's. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private FleetCa() {}

  /**
   * A new self-signed CA with a fresh ECDSA P-384 key.
   *
   * @param commonName the CA's CN, required
   * @param organization the CA's O, or null for none
   * @param validity how long from now the CA is valid (positive)
   * @param clock the source of "now"
   */
  public static CaMaterial create(
      String commonName, String organization, Duration validity, Clock clock) {
    if (commonName == null || commonName.isBlank()) {
      throw new IllegalArgumentException("a CA needs a common name");
    }
    Objects.requireNonNull(clock, "clock");
    if (validity == null || validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("CA validity must be positive, was " + validity);
    }
    KeyPair keys = KeyPairs.generate(KeyAlgorithm.ECDSA_P384);
    X500Name subject = IssueRequest.subject(commonName, organization, null, null);
    Instant now = clock.instant();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            SerialNumbers.next(),
            Date.from(now.minus(CLOCK_SKEW)),
            Date.from(now.plus(validity)),
            subject,
            keys.getPublic());
    try {
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(
              Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(
              Extension.subjectKeyIdentifier, false, KeyIdentifiers.subject(keys.getPublic()));
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .setProvider(Providers.bouncyCastle())
              .getCertificate(
                  builder.build(
                      SignatureAlgorithms.signer(keys.getPublic(), keys.getPrivate())));
      return new CaMaterial(certificate, keys.getPrivate());
    } catch (CertIOException | CertificateException e) {
      throw new IllegalStateException("cannot build the CA certificate", e);
    }
  }

  /**
   * A CA from PEM, e.g. a user-supplied {@code caSecretRef}. With a bundle, the first
   * certificate is the CA.
   *
   * @throws IllegalArgumentException when either PEM does not parse, the certificate is not a CA
   *     (basicConstraints CA:true, and keyCertSign if key usage is present), its key type cannot
   *     sign certificates here, or the private key does not belong to it
   */
  public static CaMaterial parse(String certificatePem, String privateKeyPem) {
    List<X509Certificate> certificates = Pem.parseCertificates(certificatePem);
    X509Certificate certificate = certificates.get(0);
    PrivateKey privateKey = Pem.parsePrivateKey(privateKeyPem);
    String subject = certificate.getSubjectX500Principal().getName();
    if (certificate.getBasicConstraints() < 0) {
      throw new IllegalArgumentException(
          "certificate " + subject + " is not a CA (basicConstraints CA:true is missing)");
    }
    boolean[] keyUsage = certificate.getKeyUsage();
    if (keyUsage != null && (keyUsage.length <= 5 || !keyUsage[5])) {
      throw new IllegalArgumentException(
          "CA certificate " + subject + " may not sign certificates (keyCertSign is missing)");
    }
    SignatureAlgorithms.forKey(certificate.getPublicKey());
    if (!SignatureAlgorithms.isPair(certificate.getPublicKey(), privateKey)) {
      throw new IllegalArgumentException(
          "the private key does not match the CA certificate " + subject);
    }
    return new CaMaterial(certificate, privateKey);
  }
}
