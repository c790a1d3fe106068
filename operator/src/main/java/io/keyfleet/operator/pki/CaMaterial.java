package io.keyfleet.operator.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A CA certificate with its private key: everything needed to issue certificates and CRLs.
 *
 * <p>Why a record with a redacted {@link #toString()}: it travels between the Secret loader and
 * the issuer, and a stray log statement must never print the key.
 *
 * @param certificate the CA certificate
 * @param privateKey the key matching the certificate's public key
 */
public record CaMaterial(X509Certificate certificate, PrivateKey privateKey) {
  public CaMaterial {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
  }

  /** Subject and serial only; the private key is never printed. */
  @Override
  public String toString() {
    return "CaMaterial[subject="
        + certificate.getSubjectX500Principal().getName()
        + ", serial="
        + Pem.serialHex(certificate.getSerialNumber())
        + ", privateKey=<redacted>]";
  }
}
