package io.keyfleet.operator.pki;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * What a device certificate should say: the rendered template plus the device's public key.
 *
 * <p>Why a value with checks in the constructor: a request that cannot become a valid
 * certificate (no key usage, a non-ASCII DNS name, a relative URI) is rejected where it is built,
 * with a message naming the field, instead of deep inside ASN.1 encoding. Lists and sets are
 * copied, so a request cannot change after it was checked.
 *
 * @param subject the subject DN (see {@link #subject(String, String, String, String)}); may be
 *     empty when there are SANs
 * @param dnsNames dNSName SANs (ASCII; null means none)
 * @param uris uniformResourceIdentifier SANs (absolute URIs; null means none)
 * @param keyUsages key usages, at least one
 * @param extendedKeyUsages extended key usages (null or empty means no extension)
 * @param publicKey the device's public key
 * @param validity the wanted lifetime (positive); the issuer caps it at the CA's notAfter
 * @param crlDistributionPointUrl the CRL URL to embed, or null for none
 */
public record IssueRequest(
    X500Name subject,
    List<String> dnsNames,
    List<String> uris,
    Set<KeyUsageName> keyUsages,
    Set<ExtendedKeyUsageName> extendedKeyUsages,
    PublicKey publicKey,
    Duration validity,
    String crlDistributionPointUrl) {

  public IssueRequest {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(publicKey, "publicKey");
    dnsNames = dnsNames == null ? List.of() : List.copyOf(dnsNames);
    uris = uris == null ? List.of() : List.copyOf(uris);
    keyUsages = keyUsages == null ? Set.of() : Set.copyOf(keyUsages);
    extendedKeyUsages = extendedKeyUsages == null ? Set.of() : Set.copyOf(extendedKeyUsages);
    if (keyUsages.isEmpty()) {
      throw new IllegalArgumentException("a device certificate needs at least one key usage");
    }
    if (validity == null || validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive, was " + validity);
    }
    if (subject.getRDNs().length == 0 && dnsNames.isEmpty() && uris.isEmpty()) {
      throw new IllegalArgumentException("a certificate needs a subject or at least one SAN");
    }
    for (String dnsName : dnsNames) {
      if (dnsName.isBlank()
          || !StandardCharsets.US_ASCII.newEncoder().canEncode(dnsName)
          || dnsName.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(
            "DNS name '" + dnsName + "' is not an ASCII host name (use punycode)");
      }
    }
    for (String uri : uris) {
      requireAbsoluteUri(uri, "URI SAN");
    }
    if (crlDistributionPointUrl != null) {
      requireAbsoluteUri(crlDistributionPointUrl, "CRL distribution point");
    }
  }

  /**
   * A subject DN in the usual order C, O, OU, CN; null or blank parts are left out.
   *
   * @throws IllegalArgumentException when the country is not a two-letter code
   */
  public static X500Name subject(
      String commonName, String organization, String organizationalUnit, String country) {
    X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
    if (present(country)) {
      if (!country.matches("[A-Za-z]{2}")) {
        throw new IllegalArgumentException(
            "country must be a two-letter ISO 3166 code, was '" + country + "'");
      }
      add(builder, BCStyle.C, country.toUpperCase(Locale.ROOT));
    }
    if (present(organization)) {
      add(builder, BCStyle.O, organization);
    }
    if (present(organizationalUnit)) {
      add(builder, BCStyle.OU, organizationalUnit);
    }
    if (present(commonName)) {
      add(builder, BCStyle.CN, commonName);
    }
    return builder.build();
  }

  private static void add(X500NameBuilder builder, ASN1ObjectIdentifier type, String value) {
    if (value.length() > 64) {
      throw new IllegalArgumentException(
          BCStyle.INSTANCE.oidToDisplayName(type) + " is longer than 64 characters: " + value);
    }
    builder.addRDN(type, value);
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  private static void requireAbsoluteUri(String value, String what) {
    try {
      if (value == null
          || !StandardCharsets.US_ASCII.newEncoder().canEncode(value)
          || !new URI(value).isAbsolute()) {
        throw new IllegalArgumentException(what + " '" + value + "' is not an absolute ASCII URI");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(what + " '" + value + "' is not a URI", e);
    }
  }
}
