package io.keyfleet.operator.pki;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * What signs a fleet's CRL, and for whom.
 *
 * <p>Direct: the CA that signs the devices signs the CRL of its certificates (the built-in CA, or
 * the intermediate CA a cert-manager issuer certified for Keyfleet). Indirect (RFC 5280 section
 * 5.2.5): a certificate issued by an external CA to a key of Keyfleet's, with cRLSign, signs the
 * CRL of certificates that CA issued; every entry then names the CA as its certificate issuer. The
 * key is the operator's, the CA's key stays with the CA.
 *
 * @param key the signing certificate and its private key
 * @param certificateIssuer for an indirect CRL, the subject of the CA whose certificates it lists;
 *     null for a direct CRL
 * @param issuerChain the issuer's intermediates between the signing certificate and the CA devices
 *     trust (empty when that CA signed it, or it is that CA): published with the CRL
 */
public record CrlSigner(CaMaterial key, X500Name certificateIssuer, List<X509Certificate> issuerChain) {
  public CrlSigner {
    Objects.requireNonNull(key, "key");
    issuerChain = List.copyOf(issuerChain);
  }

  /** The CA signs its own CRL. */
  public static CrlSigner direct(CaMaterial ca) {
    return direct(ca, List.of());
  }

  /** An intermediate CA signs its own CRL; {@code issuerChain} leads from it to the CA devices trust. */
  public static CrlSigner direct(CaMaterial ca, List<X509Certificate> issuerChain) {
    return new CrlSigner(ca, null, issuerChain);
  }

  /** A delegated CRL signer lists the certificates of the CA {@code certificateIssuer}. */
  public static CrlSigner indirect(CaMaterial signer, X509Certificate certificateIssuer) {
    return indirect(signer, certificateIssuer, List.of());
  }

  /**
   * A delegated CRL signer lists the certificates of the CA {@code certificateIssuer}, which is the
   * first of {@code issuerChain} when that is not empty.
   */
  public static CrlSigner indirect(CaMaterial signer, X509Certificate certificateIssuer, List<X509Certificate> issuerChain) {
    return new CrlSigner(signer, X500Name.getInstance(certificateIssuer.getSubjectX500Principal().getEncoded()), issuerChain);
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

  /** What is published beside the CRL (crl-signer.crt): the signing certificate, then the issuer's intermediates. */
  public List<X509Certificate> publishedChain() {
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(key.certificate());
    chain.addAll(issuerChain);
    return chain;
  }

  @Override
  public String toString() {
    return "CrlSigner[" + key + ", certificateIssuer=" + certificateIssuer + ", issuerChain=" + issuerChain.size() + "]";
  }
}
