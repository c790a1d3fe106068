package io.keyfleet.operator.pki;

import org.bouncycastle.cert.CertIOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * Signs device (end-entity) certificates with a fleet CA.
 *
 * <p>Why the fixed parts: CA:false so a device can never act as a CA; notBefore back-dated five
 * minutes for device clocks that lag; notAfter capped at the CA's notAfter because a leaf that
 * outlives its CA fails validation anyway; a random 128-bit serial so no counter has to survive
 * restarts; the authority key identifier copied from the CA so chains build after CA renewal; the
 * CRL URL embedded so relying parties know where to look.
 */
public final class CertificateIssuer {
  private CertificateIssuer() {}

  /**
   * Issues a certificate for the request's public key.
   *
   * @throws IllegalArgumentException when the device key is not a supported algorithm, the key
   *     usages do not fit the key type (e.g. keyEncipherment for ECDSA or Ed25519), or the CA has
   *     expired
   */
  public static X509Certificate issue(CaMaterial ca, IssueRequest request, Clock clock) {
    Objects.requireNonNull(ca, "ca");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(clock, "clock");
    KeyPairs.algorithmOf(request.publicKey());
    KeyUsageRules.check(KeyDescription.of(request.publicKey()), request.keyUsages());

    Instant now = clock.instant();
    Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
    if (!caNotAfter.isAfter(now)) {
      throw new IllegalArgumentException("the CA certificate expired at " + caNotAfter);
    }
    Instant wanted = now.plus(request.validity());
    Instant notAfter = wanted.isBefore(caNotAfter) ? wanted : caNotAfter;
    Instant notBefore = now.minus(FleetCa.CLOCK_SKEW);

    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            ca.certificate(),
            SerialNumbers.next(),
            Date.from(notBefore),
            Date.from(notAfter),
            request.subject(),
            request.publicKey());
    try {
      builder
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, keyUsage(request))
          .addExtension(
              Extension.subjectKeyIdentifier, false, KeyIdentifiers.subject(request.publicKey()))
          .addExtension(
              Extension.authorityKeyIdentifier, false, KeyIdentifiers.authority(ca.certificate()));
      if (!request.extendedKeyUsages().isEmpty()) {
        builder.addExtension(Extension.extendedKeyUsage, false, extendedKeyUsage(request));
      }
      GeneralNames sans = subjectAlternativeNames(request);
      if (sans != null) {
        // RFC 5280 4.2.1.6: critical when the subject is empty.
        boolean critical = request.subject().getRDNs().length == 0;
        builder.addExtension(Extension.subjectAlternativeName, critical, sans);
      }
      if (request.crlDistributionPointUrl() != null) {
        builder.addExtension(
            Extension.cRLDistributionPoints, false, distributionPoint(request));
      }
      return new JcaX509CertificateConverter()
          .setProvider(Providers.bouncyCastle())
          .getCertificate(
              builder.build(
                  SignatureAlgorithms.signer(
                      ca.certificate().getPublicKey(), ca.privateKey())));
    } catch (CertIOException | CertificateException e) {
      throw new IllegalStateException("cannot build the device certificate", e);
    }
  }

  private static KeyUsage keyUsage(IssueRequest request) {
    int bits = 0;
    for (KeyUsageName usage : request.keyUsages()) {
      bits |=
          switch (usage) {
            case digitalSignature -> KeyUsage.digitalSignature;
            case keyEncipherment -> KeyUsage.keyEncipherment;
            case keyAgreement -> KeyUsage.keyAgreement;
            case dataEncipherment -> KeyUsage.dataEncipherment;
            case nonRepudiation -> KeyUsage.nonRepudiation;
          };
    }
    return new KeyUsage(bits);
  }

  private static ExtendedKeyUsage extendedKeyUsage(IssueRequest request) {
    List<KeyPurposeId> purposes = new ArrayList<>();
    for (ExtendedKeyUsageName usage : ExtendedKeyUsageName.values()) {
      if (request.extendedKeyUsages().contains(usage)) {
        purposes.add(
            switch (usage) {
              case clientAuth -> KeyPurposeId.id_kp_clientAuth;
              case serverAuth -> KeyPurposeId.id_kp_serverAuth;
            });
      }
    }
    return new ExtendedKeyUsage(purposes.toArray(new KeyPurposeId[0]));
  }

  private static GeneralNames subjectAlternativeNames(IssueRequest request) {
    List<GeneralName> names = new ArrayList<>();
    for (String dnsName : request.dnsNames()) {
      names.add(new GeneralName(GeneralName.dNSName, dnsName));
    }
    for (String uri : request.uris()) {
      names.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
    }
    return names.isEmpty() ? null : new GeneralNames(names.toArray(new GeneralName[0]));
  }

  private static CRLDistPoint distributionPoint(IssueRequest request) {
    GeneralNames fullName =
        new GeneralNames(
            new GeneralName(
                GeneralName.uniformResourceIdentifier, request.crlDistributionPointUrl()));
    return new CRLDistPoint(
        new DistributionPoint[] {
          new DistributionPoint(new DistributionPointName(fullName), null, null)
        });
  }
}
