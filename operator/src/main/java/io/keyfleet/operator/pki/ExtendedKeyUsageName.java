package io.keyfleet.operator.pki;

/**
 * Extended key usages a device certificate may carry (RFC 5280 section 4.2.1.12).
 *
 * <p>Why its own enum: the constant names equal {@code CertificateTemplate.ExtendedKeyUsage}, so
 * {@code ExtendedKeyUsageName.valueOf(x.name())} maps 1:1 without a Jackson dependency here.
 */
public enum ExtendedKeyUsageName {
  /** TLS client authentication (id-kp-clientAuth), how devices prove who they are. */
  clientAuth,
  /** TLS server authentication (id-kp-serverAuth), for devices that accept connections. */
  serverAuth
}
