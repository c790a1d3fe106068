package io.keyfleet.connector;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/** Reads where a certificate's CRL is published (RFC 5280 4.2.1.13, CRL distribution points). */
final class CrlDistributionPoint {
  private CrlDistributionPoint() {}

  /** The first http or https URI among the full names of the distribution points, in order. */
  static Optional<URI> firstHttpUri(X509Certificate certificate) {
    byte[] extension = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
    if (extension == null) {
      return Optional.empty();
    }
    final CRLDistPoint points;
    try {
      points = CRLDistPoint.getInstance(ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(extension).getOctets()));
    } catch (java.io.IOException | RuntimeException e) {
      throw new IllegalArgumentException("the certificate's CRL distribution points extension does not parse", e);
    }
    for (DistributionPoint point : points.getDistributionPoints()) {
      DistributionPointName name = point.getDistributionPoint();
      if (name == null || name.getType() != DistributionPointName.FULL_NAME) {
        continue;
      }
      for (GeneralName general : GeneralNames.getInstance(name.getName()).getNames()) {
        if (general.getTagNo() == GeneralName.uniformResourceIdentifier) {
          Optional<URI> uri = httpUri(general.getName().toString());
          if (uri.isPresent()) {
            return uri;
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<URI> httpUri(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme();
      return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme) ? Optional.of(uri) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
