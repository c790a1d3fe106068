package io.keyfleet.connector;

import io.keyfleet.connector.RevocationListException.Failure;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;

/**
 * The checks a direct CRL signed by an intermediate CA must pass before its entries are believed
 * (a fleet whose cert-manager issuer certified an intermediate CA for Keyfleet: signing
 * Intermediate). The intermediate is published beside the CRL ({@code crl-signer.crt}); it is
 * accepted only when it has the CRL's issuer name, is a CA that may sign certificates and CRLs, is
 * valid now, was issued by one of the trusted CA certificates (directly, or through the issuer's own
 * intermediates published with it), and its key verifies the CRL.
 */
final class IntermediateCrls {
  private static final int KEY_CERT_SIGN = 5;
  private static final int CRL_SIGN = 6;

  private IntermediateCrls() {}

  /** The intermediate CA, among {@code intermediates}, that signed the CRL, once every check passed. */
  static X509Certificate signer(X509CRL crl, Collection<X509Certificate> caCertificates, Collection<X509Certificate> intermediates, Instant now)
      throws RevocationListException {
    String issuer = crl.getIssuerX500Principal().getName();
    String refused = "no intermediate CA certificate was given";
    for (X509Certificate intermediate : intermediates) {
      if (!intermediate.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
        refused = "no given certificate is named " + issuer;
        continue;
      }
      boolean[] keyUsage = intermediate.getKeyUsage();
      if (intermediate.getBasicConstraints() < 0 || keyUsage == null || keyUsage.length <= CRL_SIGN || !keyUsage[CRL_SIGN]
          || !keyUsage[KEY_CERT_SIGN]) {
        refused = "the certificate " + issuer + " is not a CA that may sign certificates and CRLs";
        continue;
      }
      try {
        crl.verify(intermediate.getPublicKey());
      } catch (GeneralSecurityException | RuntimeException e) {
        refused = "the CRL is not signed by the key of the intermediate CA " + issuer;
        continue;
      }
      try {
        intermediate.checkValidity(Date.from(now));
      } catch (GeneralSecurityException e) {
        refused = "the intermediate CA " + issuer + " is not valid at " + now + " (" + e.getMessage() + ")";
        continue;
      }
      if (CertificateChains.toAnchor(intermediate, intermediates, caCertificates, now).isPresent()) {
        return intermediate;
      }
      refused = "the intermediate CA " + issuer + " was issued by none of the CA certificates given (nor through another certificate given with it)";
    }
    throw new RevocationListException(Failure.BAD_SIGNATURE, "the CRL of " + issuer + " refused: " + refused);
  }
}
