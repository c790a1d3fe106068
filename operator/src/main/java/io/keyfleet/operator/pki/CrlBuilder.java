package io.keyfleet.operator.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;

/**
 * Builds the fleet CA's certificate revocation list (X.509 v2 CRL, RFC 5280 section 5).
 *
 * <p>Why the parts: the CRL number lets relying parties tell a newer CRL from an older one; the
 * authority key identifier ties the CRL to the CA key that signs it; a per-entry reason helps
 * auditors, and is left out for {@code unspecified} as RFC 5280 section 5.3.1 recommends. Times
 * are parameters rather than a clock because the publisher decides the publication schedule.
 */
public final class CrlBuilder {
  private CrlBuilder() {}

  /**
   * A signed CRL from a {@link CrlSigner}: as {@link #build(CaMaterial, BigInteger, Instant,
   * Instant, List)} for a direct signer; for an indirect one, with an Issuing Distribution Point
   * (critical, RFC 5280 section 5.2.5) naming {@code distributionPoint} and indirectCRL, and a
   * critical Certificate Issuer extension on every entry (section 5.3.3) naming the CA.
   *
   * <p>Why on every entry though the extension carries over to the following entries: a reader
   * that looks at one entry alone still learns whose certificate it revokes.
   *
   * @param distributionPoint the URL the CRL is published at (the one the certificates name)
   */
  public static X509CRL build(
      CrlSigner signer,
      String distributionPoint,
      BigInteger crlNumber,
      Instant thisUpdate,
      Instant nextUpdate,
      List<RevokedEntry> entries) {
    Objects.requireNonNull(signer, "signer");
    if (!signer.isIndirect()) {
      return build(signer.key(), crlNumber, thisUpdate, nextUpdate, entries);
    }
    Objects.requireNonNull(distributionPoint, "distributionPoint");
    return sign(signer.key(), crlNumber, thisUpdate, nextUpdate, entries, builder -> {
      GeneralNames point = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, distributionPoint));
      builder.addExtension(Extension.issuingDistributionPoint, true,
          new IssuingDistributionPoint(new DistributionPointName(point), false, false, null, true, false));
    }, new GeneralNames(new GeneralName(signer.certificateIssuer())));
  }

  /**
   * A signed CRL.
   *
   * @param ca the issuing CA
   * @param crlNumber monotonically increasing per CA, non-negative
   * @param thisUpdate when this CRL was issued
   * @param nextUpdate when the next one will be issued at the latest (after thisUpdate)
   * @param entries revoked certificates; serials must be distinct
   * @throws IllegalArgumentException on a negative CRL number, nextUpdate not after thisUpdate, or
   *     a serial listed twice
   */
  public static X509CRL build(
      CaMaterial ca,
      BigInteger crlNumber,
      Instant thisUpdate,
      Instant nextUpdate,
      List<RevokedEntry> entries) {
    Objects.requireNonNull(ca, "ca");
    return sign(ca, crlNumber, thisUpdate, nextUpdate, entries, builder -> {}, null);
  }

  private interface Extra {
    void add(X509v2CRLBuilder builder) throws CertIOException;
  }

  private static X509CRL sign(
      CaMaterial ca,
      BigInteger crlNumber,
      Instant thisUpdate,
      Instant nextUpdate,
      List<RevokedEntry> entries,
      Extra extra,
      GeneralNames certificateIssuer) {
    Objects.requireNonNull(crlNumber, "crlNumber");
    Objects.requireNonNull(thisUpdate, "thisUpdate");
    Objects.requireNonNull(nextUpdate, "nextUpdate");
    Objects.requireNonNull(entries, "entries");
    if (crlNumber.signum() < 0) {
      throw new IllegalArgumentException("the CRL number must not be negative, was " + crlNumber);
    }
    if (!nextUpdate.isAfter(thisUpdate)) {
      throw new IllegalArgumentException(
          "nextUpdate " + nextUpdate + " must be after thisUpdate " + thisUpdate);
    }
    X509v2CRLBuilder builder =
        new JcaX509v2CRLBuilder(ca.certificate(), Date.from(thisUpdate));
    builder.setNextUpdate(Date.from(nextUpdate));
    Set<BigInteger> seen = new HashSet<>();
    try {
      for (RevokedEntry entry : entries) {
        if (!seen.add(entry.serial())) {
          throw new IllegalArgumentException(
              "serial " + Pem.serialHex(entry.serial()) + " is listed twice");
        }
        if (certificateIssuer == null) {
          // Bouncy Castle adds the reasonCode extension for every code except 0 (unspecified).
          builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), entry.reason().code());
        } else {
          ExtensionsGenerator extensions = new ExtensionsGenerator();
          if (entry.reason().code() != 0) {
            extensions.addExtension(Extension.reasonCode, false, CRLReason.lookup(entry.reason().code()));
          }
          extensions.addExtension(Extension.certificateIssuer, true, certificateIssuer);
          builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), extensions.generate());
        }
      }
      extra.add(builder);
      builder.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
      builder.addExtension(
          Extension.authorityKeyIdentifier, false, KeyIdentifiers.authority(ca.certificate()));
      return new JcaX509CRLConverter()
          .setProvider(Providers.bouncyCastle())
          .getCRL(
              builder.build(
                  SignatureAlgorithms.signer(ca.certificate().getPublicKey(), ca.privateKey())));
    } catch (IOException | CRLException e) {
      throw new IllegalStateException("cannot build the CRL", e);
    }
  }
}
