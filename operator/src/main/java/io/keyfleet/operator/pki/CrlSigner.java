package io.keyfleet.operator.pki;

import java.security.cert.X509Certificate;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * What signs a fleet's CRL, and for whom.
 *
 * <p>Direct: the fleet CA signs the CRL of its own certificates (the built-in CA). Indirect
 * (RFC 5280 section 5.2.5): a certificate issued by an external CA to a key of Keyfleet's, with
 * cRLSign, signs the CRL of certificates that CA issued; every entry then names the CA as its
 * certificate issuer. The key is the operator's, the CA's key stays with the CA.
 *
 * @param key the signing certificate and its private key
 * @param certificateIssuer for an indirect CRL, the subject of the CA whose certificates it lists;
 *     null for a direct CRL
 */
public record CrlSigner(CaMaterial key, X500Name certificateIssuer) {
  public CrlSigner {
    Objects.requireNonNull(key, "key");
  }

  /** The CA signs its own CRL. */
  public static CrlSigner direct(CaMaterial ca) {
    return new CrlSigner(ca, null);
  }

  /** A delegated CRL signer lists the certificates of the CA {@code certificateIssuer}. */
  public static CrlSigner indirect(CaMaterial signer, X509Certificate certificateIssuer) {
    return new CrlSigner(signer, X500Name.getInstance(certificateIssuer.getSubjectX500Principal().getEncoded()));
  }

  public boolean isIndirect() {
    return certificateIssuer != null;
  }
}
