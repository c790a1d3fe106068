package io.keyfleet.operator.certmanager;

import io.keyfleet.operator.pki.IssueRequest;
import io.keyfleet.operator.pki.CertificatePaths;
import io.keyfleet.operator.pki.Pem;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Checks a certificate an external issuer returned before Keyfleet hands it to a device: it is for
 * our key, it chains to the CA the issuer named and the fleet trusts, and it names what we asked.
 * A pure function.
 */
public final class IssuedCertificateCheck {
  private IssuedCertificateCheck() {}

  /**
   * What is wrong with the answer, or empty when nothing is.
   *
   * @param chain status.certificate: the certificate, then intermediates
   * @param ca status.ca
   * @param fleetCa the CA the fleet's devices trust
   */
  public static Optional<String> problem(List<X509Certificate> chain, X509Certificate ca, X509Certificate fleetCa, PublicKey key,
      IssueRequest request) {
    if (chain.isEmpty()) {
      return Optional.of("the issuer returned no certificate");
    }
    X509Certificate leaf = chain.get(0);
    if (!leaf.getPublicKey().equals(key)) {
      return Optional.of("the certificate is not for the requested key");
    }
    if (ca == null) {
      return Optional.of("the issuer returned no CA certificate (status.ca)");
    }
    if (!Pem.sha256Fingerprint(ca).equals(Pem.sha256Fingerprint(fleetCa))) {
      return Optional.of("the issuer's CA changed: status.ca is " + ca.getSubjectX500Principal().getName() + " (SHA-256 "
          + Pem.sha256Fingerprint(ca) + "), the fleet's devices trust SHA-256 " + Pem.sha256Fingerprint(fleetCa));
    }
    if (!CertificatePaths.chainsTo(chain, ca)) {
      return Optional.of("the certificate does not chain to the issuer's CA " + ca.getSubjectX500Principal().getName());
    }
    if (!new HashSet<>(names(leaf, 2)).equals(new HashSet<>(request.dnsNames()))) {
      return Optional.of("the certificate's DNS names " + names(leaf, 2) + " are not the requested " + request.dnsNames());
    }
    if (!new HashSet<>(names(leaf, 6)).equals(new HashSet<>(request.uris()))) {
      return Optional.of("the certificate's URIs " + names(leaf, 6) + " are not the requested " + request.uris());
    }
    return Optional.empty();
  }

  private static List<String> names(X509Certificate certificate, int type) {
    try {
      var all = certificate.getSubjectAlternativeNames();
      if (all == null) {
        return List.of();
      }
      return all.stream().filter(n -> Integer.valueOf(type).equals(n.get(0))).map(n -> (String) n.get(1)).toList();
    } catch (Exception e) {
      return List.of();
    }
  }
}
