package io.keyfleet.operator.pki;

import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Subject and authority key identifiers (RFC 5280 section 4.2.1.1/4.2.1.2).
 *
 * <p>Why the authority identifier is copied from the CA's own subject key identifier and carries
 * only the key id (no issuer name and serial): chain building must find the CA by key, and a CA
 * certificate that is renewed with the same key must keep validating its existing leaves.
 */
final class KeyIdentifiers {
  private KeyIdentifiers() {}

  /** The SHA-1 key identifier of RFC 5280 method (1) over the subjectPublicKey bits. */
  static SubjectKeyIdentifier subject(PublicKey key) {
    return utils().createSubjectKeyIdentifier(key);
  }

  /** The key id of the CA's subjectKeyIdentifier, or one computed from its key if it has none. */
  static AuthorityKeyIdentifier authority(X509Certificate ca) {
    byte[] extension = ca.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (extension != null) {
      byte[] keyId =
          ASN1OctetString.getInstance(ASN1OctetString.getInstance(extension).getOctets())
              .getOctets();
      return new AuthorityKeyIdentifier(keyId);
    }
    return new AuthorityKeyIdentifier(subject(ca.getPublicKey()).getKeyIdentifier());
  }

  private static JcaX509ExtensionUtils utils() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available for key identifiers", e);
    }
  }
}
