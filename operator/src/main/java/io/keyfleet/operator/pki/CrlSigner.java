package io.keyfleet.operator.pki;

import java.security.cert.X509Certificate;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * What signs a fleet's CRL, and for whom.
 *
 * <p>Direct: the CA that signs the devices signs the CRL of its certificates (the built-in CA, or
 * the intermediate CA a cert-manager issuer certified for Keyfleet). Indirect
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

  /**
   * Whether relying parties need the signing certificate beside the CRL: it signs an indirect CRL,
   * or it is an intermediate CA (not a self-issued root they already trust).
   */
  public boolean publishesCertificate() {
    X509Certificate c = key.certificate();
    return isIndirect() || !c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
  }
}
