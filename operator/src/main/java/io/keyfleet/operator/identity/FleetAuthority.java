package io.keyfleet.operator.identity;

import io.keyfleet.operator.pki.CrlSigner;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * Who vouches for a fleet's devices: the CA certificate their certificates chain to, what signs
 * the fleet's CRL, and how device certificates are signed. The built-in mode and the cert-manager
 * mode differ only here.
 *
 * @param caCertificate the CA whose certificates the fleet's devices carry (their ca.crt)
 * @param crlSigner signs the fleet CRL: the CA itself, or Keyfleet's delegated CRL signer
 * @param signer signs device certificates
 */
public record FleetAuthority(X509Certificate caCertificate, CrlSigner crlSigner, IdentitySigner signer) {
  public FleetAuthority {
    Objects.requireNonNull(caCertificate, "caCertificate");
    Objects.requireNonNull(crlSigner, "crlSigner");
    Objects.requireNonNull(signer, "signer");
  }
}
