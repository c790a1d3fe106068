package io.keyfleet.operator.certmanager;

import io.keyfleet.operator.pki.CertificatePaths;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Whether a certificate Keyfleet holds from a fleet's issuer (a CRL signer or an intermediate CA,
 * see {@link Delegation}) must be asked for (again). A pure function.
 *
 * <p>Why a name of its own (not the CA's): a certificate with the CA's name would be signed by
 * Go's crypto/x509 (cert-manager) without an authority key identifier, as if self-signed, and no
 * relying party could build its path.
 */
public final class DelegatedRenewal {
  private static final int KEY_CERT_SIGN = 5;
  private static final int CRL_SIGN = 6;

  private DelegatedRenewal() {}

  /** As {@link #reason(Delegation, List, X509Certificate, Instant)} for a certificate the CA signed itself. */
  public static String reason(Delegation delegation, X509Certificate held, X509Certificate ca, Instant now) {
    return reason(delegation, held == null ? List.of() : List.of(held), ca, now);
  }

  /**
   * Why a new certificate is needed, or null when the current one serves.
   *
   * @param chain the current certificate, then the issuer's intermediates above it (as the issuer
   *     returned them); empty for none
   * @param ca the CA that issued it (status.ca of its request), or null
   */
  public static String reason(Delegation delegation, List<X509Certificate> chain, X509Certificate ca, Instant now) {
    String what = delegation.kind().what;
    if (chain.isEmpty() || ca == null) {
      return "no " + what + " yet";
    }
    String problem = problem(delegation, chain, ca);
    if (problem != null) {
      return problem;
    }
    X509Certificate held = chain.get(0);
    Instant notBefore = held.getNotBefore().toInstant();
    Instant notAfter = held.getNotAfter().toInstant();
    Instant renewAt = notBefore.plus(Duration.between(notBefore, notAfter).multipliedBy(2).dividedBy(3));
    if (!now.isBefore(renewAt)) {
      return "the " + what + " is two thirds through its lifetime (expires " + notAfter + ")";
    }
    return null;
  }

  /**
   * What makes a certificate unfit whatever the time (null when nothing): it does not reach the
   * issuer's CA, lacks cRLSign, or (an intermediate) is no CA that may sign certificates. An
   * issuer's fresh answer is judged by this alone: a clock ahead of the issuer's would otherwise
   * take it for old and ask again at once.
   */
  public static String problem(Delegation delegation, List<X509Certificate> chain, X509Certificate ca) {
    String what = delegation.kind().what;
    X509Certificate held = chain.get(0);
    if (!CertificatePaths.chainsTo(chain, ca)) {
      return "the " + what + " was not issued by the issuer's CA";
    }
    boolean[] usage = held.getKeyUsage();
    if (usage == null || usage.length <= CRL_SIGN || !usage[CRL_SIGN]) {
      return "the " + what + " lacks the cRLSign key usage";
    }
    if (delegation.isCa() && (held.getBasicConstraints() < 0 || !usage[KEY_CERT_SIGN])) {
      return "the " + what + " is not a CA certificate with the keyCertSign key usage";
    }
    return null;
  }

  /** Whether the current certificate can still sign while its successor is asked for. */
  public static boolean usable(X509Certificate held, X509Certificate ca, Instant now) {
    return usable(held == null ? List.of() : List.of(held), ca, now);
  }

  /** As {@link #usable(X509Certificate, X509Certificate, Instant)} for a chain as the issuer returned it. */
  public static boolean usable(List<X509Certificate> chain, X509Certificate ca, Instant now) {
    return !chain.isEmpty() && CertificatePaths.chainsTo(chain, ca) && now.isBefore(chain.get(0).getNotAfter().toInstant());
  }
}
