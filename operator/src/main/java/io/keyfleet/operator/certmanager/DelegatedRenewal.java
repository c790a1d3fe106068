package io.keyfleet.operator.certmanager;

import io.keyfleet.operator.pki.KeyChecks;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

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

  /**
   * Why a new certificate is needed, or null when the current one serves.
   *
   * @param held the current certificate, or null
   * @param ca the CA that issued it (status.ca of its request), or null
   */
  public static String reason(Delegation delegation, X509Certificate held, X509Certificate ca, Instant now) {
    String what = delegation.kind().what;
    if (held == null || ca == null) {
      return "no " + what + " yet";
    }
    if (!KeyChecks.signedBy(held, ca.getPublicKey())) {
      return "the " + what + " was not issued by the issuer's CA";
    }
    boolean[] usage = held.getKeyUsage();
    if (usage == null || usage.length <= CRL_SIGN || !usage[CRL_SIGN]) {
      return "the " + what + " lacks the cRLSign key usage";
    }
    if (delegation.isCa() && (held.getBasicConstraints() < 0 || !usage[KEY_CERT_SIGN])) {
      return "the " + what + " is not a CA certificate with the keyCertSign key usage";
    }
    Instant notBefore = held.getNotBefore().toInstant();
    Instant notAfter = held.getNotAfter().toInstant();
    Instant renewAt = notBefore.plus(Duration.between(notBefore, notAfter).multipliedBy(2).dividedBy(3));
    if (!now.isBefore(renewAt)) {
      return "the " + what + " is two thirds through its lifetime (expires " + notAfter + ")";
    }
    return null;
  }

  /** Whether the current certificate can still sign while its successor is asked for. */
  public static boolean usable(X509Certificate held, X509Certificate ca, Instant now) {
    return held != null && ca != null && KeyChecks.signedBy(held, ca.getPublicKey()) && now.isBefore(held.getNotAfter().toInstant());
  }
}
