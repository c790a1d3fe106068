package io.keyfleet.operator.identity;

import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.operator.pki.CaMaterial;
import io.keyfleet.operator.pki.Pem;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether the credentials in a device Secret can be kept, or must be issued afresh. A
 * pure function of the Secret's facts (whose costly checks, the CA signature and the key pair, were
 * made once per Secret version by {@link DeviceSecretStore}), the device and the fleet's CA.
 */
final class CredentialCheck {
  private CredentialCheck() {}

  /** Why the held credentials cannot be kept (null when they can). */
  static String reissueReason(DeviceIdentity device, CaMaterial ca, Optional<SecretFacts> held, Instant now) {
    return reissueReason(device, ca.certificate(), Optional.of(ca.certificate().getPublicKey()), held, now);
  }

  /**
   * Why the held credentials cannot be kept (null when they can), for a fleet whose devices chain
   * to {@code ca}.
   *
   * @param signingKey the key Keyfleet signs device certificates with (the fleet CA's or its
   *     intermediate's); empty when an external issuer signs them
   */
  static String reissueReason(DeviceIdentity device, java.security.cert.X509Certificate ca, Optional<java.security.PublicKey> signingKey,
      Optional<SecretFacts> held, Instant now) {
    if (held.isEmpty()) {
      return "no certificate yet";
    }
    SecretFacts f = held.get();
    if (f.verifiedByCa() == null || !f.verifiedByCa().equals(Pem.sha256Fingerprint(ca))) {
      return "the certificate was not issued by the fleet's current CA";
    }
    if (signingKey.isPresent() && !SecretFacts.keyHex(signingKey.get()).equals(f.signedByKey())) {
      // An intermediate with a new key (its Secret was lost): the fleet's CRL no longer covers this certificate.
      return "the certificate was not signed by the fleet's current signing key";
    }
    if (!now.isBefore(f.notAfter())) {
      return "the certificate expired";
    }
    if (!f.uris().contains(CertificateTemplating.deviceUri(device))) {
      return "the certificate does not name this device";
    }
    boolean csrDevice = device.getSpec().getCsr() != null;
    if (csrDevice && f.hasKey()) {
      return "the device now holds its own key (spec.csr)";
    }
    if (!csrDevice && !f.hasKey()) {
      return "the device no longer sends a CSR; it gets a generated key";
    }
    if (f.hasKey() && !f.keyMatches()) {
      return "tls.key does not match tls.crt";
    }
    return null;
  }
}
