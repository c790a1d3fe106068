package io.keyfleet.operator.certmanager;

import io.keyfleet.operator.pki.KeyChecks;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the fleet's CRL-signing certificate must be asked for (again). A pure function.
 *
 * <p>Why a name of its own (not the CA's): the CRL it signs is an indirect CRL (RFC 5280 section
 * 5.2.5) whose entries name the CA. A certificate with the CA's name would be signed by Go's
 * crypto/x509 (cert-manager) without an authority key identifier, as if self-signed, and no
 * relying party could build its path.
 */
public final class CrlSignerRenewal {
  /** The lifetime asked for the CRL-signing certificate. */
  public static final Duration LIFETIME = Duration.ofDays(90);

  private CrlSignerRenewal() {}

  /** The subject Keyfleet asks for its CRL-signing certificate of a fleet. */
  public static org.bouncycastle.asn1.x500.X500Name subject(io.keyfleet.api.v1alpha1.DeviceFleet fleet) {
    return new org.bouncycastle.asn1.x500.X500Name(
        "CN=keyfleet CRL signer " + fleet.getMetadata().getNamespace() + "/" + fleet.getMetadata().getName());
  }

  /**
   * Why a new CRL-signing certificate is needed, or null when the current one serves.
   *
   * @param signer the current signing certificate, or null
   * @param ca the CA that issued it (status.ca of its request), or null
   */
  public static String reason(X509Certificate signer, X509Certificate ca, Instant now) {
    if (signer == null || ca == null) {
      return "no CRL-signing certificate yet";
    }
    if (!KeyChecks.signedBy(signer, ca.getPublicKey())) {
      return "the CRL-signing certificate was not issued by the issuer's CA";
    }
    boolean[] usage = signer.getKeyUsage();
    if (usage == null || usage.length <= 6 || !usage[6]) {
      return "the CRL-signing certificate lacks the cRLSign key usage";
    }
    Instant notBefore = signer.getNotBefore().toInstant();
    Instant notAfter = signer.getNotAfter().toInstant();
    Instant renewAt = notBefore.plus(Duration.between(notBefore, notAfter).multipliedBy(2).dividedBy(3));
    if (!now.isBefore(renewAt)) {
      return "the CRL-signing certificate is two thirds through its lifetime (expires " + notAfter + ")";
    }
    return null;
  }

  /** Whether the current certificate can still sign a CRL while its successor is asked for. */
  public static boolean usable(X509Certificate signer, X509Certificate ca, Instant now) {
    return signer != null && ca != null && KeyChecks.signedBy(signer, ca.getPublicKey()) && now.isBefore(signer.getNotAfter().toInstant());
  }
}
