package io.keyfleet.connector;

import io.keyfleet.connector.RevocationListException.Failure;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;

/**
 * The checks an indirect CRL (RFC 5280 section 5.2.5) must pass before its entries are believed:
 * it says it is indirect, its signer is a given CRL-signing certificate, a given CA issued that
 * certificate (directly, or through intermediate CA certificates given with it), and every entry
 * names that certificate's issuer as the certificate's issuer. A CRL signer from
 * another CA, one that may not sign CRLs, or one out of its validity is refused: otherwise
 * whoever holds any certificate could "un-revoke" a device with a CRL of their own.
 */
final class IndirectCrls {
  private static final int CRL_SIGN = 6;

  private IndirectCrls() {}

  /** Whether the CRL carries an Issuing Distribution Point with indirectCRL set. */
  static boolean isIndirect(X509CRL crl) throws RevocationListException {
    byte[] extension = crl.getExtensionValue(Extension.issuingDistributionPoint.getId());
    if (extension == null) {
      return false;
    }
    try {
      return IssuingDistributionPoint.getInstance(ASN1OctetString.getInstance(extension).getOctets()).isIndirectCRL();
    } catch (RuntimeException e) {
      throw new RevocationListException(Failure.MALFORMED, "the CRL's issuing distribution point does not parse: " + e.getMessage(), e);
    }
  }

  /** The CA whose certificates the indirect CRL covers, once every check passed. */
  static X509Certificate coveredCa(X509CRL crl, Collection<X509Certificate> caCertificates, Collection<X509Certificate> crlSigners, Instant now)
      throws RevocationListException {
    String issuer = crl.getIssuerX500Principal().getName();
    String refused = "no CRL signer was given";
    for (X509Certificate signer : crlSigners) {
      if (!signer.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
        refused = "no given CRL signer is named " + issuer;
        continue;
      }
      boolean[] keyUsage = signer.getKeyUsage();
      if (keyUsage == null || keyUsage.length <= CRL_SIGN || !keyUsage[CRL_SIGN]) {
        refused = "the CRL signer " + issuer + " may not sign CRLs (no cRLSign key usage)";
        continue;
      }
      try {
        crl.verify(signer.getPublicKey());
      } catch (GeneralSecurityException | RuntimeException e) {
        refused = "the CRL is not signed by the key of the CRL signer " + issuer;
        continue;
      }
      try {
        signer.checkValidity(Date.from(now));
      } catch (GeneralSecurityException e) {
        refused = "the CRL signer " + issuer + " is not valid at " + now + " (" + e.getMessage() + ")";
        continue;
      }
      // Issued by a given CA, or by an intermediate given beside the signer that chains to one:
      // that CA (or intermediate) issued the devices, and is the one the entries must name.
      Optional<List<X509Certificate>> path = CertificateChains.toAnchor(signer, crlSigners, caCertificates, now);
      if (path.isPresent()) {
        X509Certificate covered = path.get().get(0);
        requireEntriesNameCa(crl, covered);
        return covered;
      }
      refused = "the CRL signer " + issuer + " was issued by none of the CA certificates given (nor through an intermediate given with it)";
    }
    throw new RevocationListException(Failure.BAD_SIGNATURE, "indirect CRL of " + issuer + " refused: " + refused);
  }

  static boolean issuedBy(X509Certificate certificate, X509Certificate ca) {
    if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      return false;
    }
    try {
      certificate.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /**
   * In an indirect CRL an entry without a Certificate Issuer extension belongs to the CRL signer
   * itself (or to the previous entry's issuer): entries for any issuer but the CA would be read as
   * covering nothing, so the CRL is refused instead of answering "not revoked" for them.
   */
  private static void requireEntriesNameCa(X509CRL crl, X509Certificate ca) throws RevocationListException {
    if (crl.getRevokedCertificates() == null) {
      return;
    }
    for (X509CRLEntry entry : crl.getRevokedCertificates()) {
      if (entry.getCertificateIssuer() == null || !entry.getCertificateIssuer().equals(ca.getSubjectX500Principal())) {
        throw new RevocationListException(Failure.MALFORMED, "indirect CRL entry " + entry.getSerialNumber().toString(16)
            + " names " + (entry.getCertificateIssuer() == null ? "no certificate issuer" : entry.getCertificateIssuer().getName())
            + ", not the CA " + ca.getSubjectX500Principal().getName());
      }
    }
  }
}
