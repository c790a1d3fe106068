package io.keyfleet.connector;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Paths from a certificate up to a trust anchor through intermediate CA certificates that were
 * given beside it (an issuer whose CA is itself an intermediate: the Vault or corporate PKI behind
 * a cert-manager issuer). Every intermediate must be a CA that may sign certificates and be valid
 * now; a path is at most {@link #MAX_INTERMEDIATES} intermediates long.
 */
final class CertificateChains {
  static final int MAX_INTERMEDIATES = 4;
  private static final int KEY_CERT_SIGN = 5;

  private CertificateChains() {}

  /**
   * The path above {@code certificate}: its issuer first, the anchor last; empty when none of
   * {@code anchors} is reached.
   */
  static Optional<List<X509Certificate>> toAnchor(X509Certificate certificate, Collection<X509Certificate> intermediates,
      Collection<X509Certificate> anchors, Instant now) {
    return toAnchor(certificate, intermediates, anchors, now, new ArrayList<>());
  }

  private static Optional<List<X509Certificate>> toAnchor(X509Certificate certificate, Collection<X509Certificate> intermediates,
      Collection<X509Certificate> anchors, Instant now, List<X509Certificate> above) {
    for (X509Certificate anchor : anchors) {
      if (IndirectCrls.issuedBy(certificate, anchor)) {
        List<X509Certificate> path = new ArrayList<>(above);
        path.add(anchor);
        return Optional.of(List.copyOf(path));
      }
    }
    if (above.size() >= MAX_INTERMEDIATES) {
      return Optional.empty();
    }
    for (X509Certificate intermediate : intermediates) {
      if (intermediate.equals(certificate) || above.contains(intermediate) || !mayIssue(intermediate, now)
          || !IndirectCrls.issuedBy(certificate, intermediate)) {
        continue;
      }
      above.add(intermediate);
      Optional<List<X509Certificate>> path = toAnchor(intermediate, intermediates, anchors, now, above);
      if (path.isPresent()) {
        return path;
      }
      above.remove(above.size() - 1);
    }
    return Optional.empty();
  }

  private static boolean mayIssue(X509Certificate ca, Instant now) {
    boolean[] keyUsage = ca.getKeyUsage();
    if (ca.getBasicConstraints() < 0 || (keyUsage != null && (keyUsage.length <= KEY_CERT_SIGN || !keyUsage[KEY_CERT_SIGN]))) {
      return false;
    }
    try {
      ca.checkValidity(Date.from(now));
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
