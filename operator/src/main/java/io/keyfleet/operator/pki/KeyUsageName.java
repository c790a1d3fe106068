package io.keyfleet.operator.pki;

/**
 * Key usages a device certificate may carry (RFC 5280 section 4.2.1.3).
 *
 * <p>Why its own enum: this package stays free of the API's Jackson types; the constant names
 * equal {@code CertificateTemplate.KeyUsage}, so {@code KeyUsageName.valueOf(x.name())} maps 1:1.
 */
public enum KeyUsageName {
  digitalSignature,
  keyEncipherment,
  keyAgreement,
  dataEncipherment,
  nonRepudiation
}
