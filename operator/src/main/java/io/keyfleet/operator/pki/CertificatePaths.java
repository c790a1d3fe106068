package io.keyfleet.operator.pki;

import java.security.cert.X509Certificate;
import java.util.List;

/** Whether a chain as an issuer returned it leads to the CA that is trusted. A pure function. */
public final class CertificatePaths {
  private CertificatePaths() {}

  /**
   * Whether {@code chain} (a certificate, then the intermediates above it, in order; the anchor
   * itself may end it) chains to {@code anchor}: each certificate signed by the next, the last by
   * the anchor.
   */
  public static boolean chainsTo(List<X509Certificate> chain, X509Certificate anchor) {
    if (chain.isEmpty() || anchor == null) {
      return false;
    }
    int end = chain.get(chain.size() - 1).equals(anchor) ? chain.size() - 1 : chain.size();
    if (end == 0) {
      return false;
    }
    for (int i = 0; i < end; i++) {
      X509Certificate issuer = i + 1 < end ? chain.get(i + 1) : anchor;
      if (!chain.get(i).getIssuerX500Principal().equals(issuer.getSubjectX500Principal())
          || !KeyChecks.signedBy(chain.get(i), issuer.getPublicKey())) {
        return false;
      }
    }
    return true;
  }

  /** The chain without the anchor at its end, where an issuer put it (relying parties have it already). */
  public static List<X509Certificate> withoutAnchor(List<X509Certificate> chain, X509Certificate anchor) {
    if (chain.size() > 1 && chain.get(chain.size() - 1).equals(anchor)) {
      return List.copyOf(chain.subList(0, chain.size() - 1));
    }
    return List.copyOf(chain);
  }
}
