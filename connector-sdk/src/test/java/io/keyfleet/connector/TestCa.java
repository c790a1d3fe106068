package io.keyfleet.connector;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A small CA made with Bouncy Castle, as the tests' independent issuer of certificates and CRLs. */
final class TestCa {
  private static final SecureRandom RANDOM = new SecureRandom();

  final X509Certificate certificate;
  private final PrivateKey key;

  /** A leaf certificate with its key. */
  record Leaf(X509Certificate certificate, PrivateKey key) {}

  /** One CRL entry; reason -1 means none. */
  record Revoked(BigInteger serial, int reason) {}

  TestCa(String name, Instant now) throws Exception {
    KeyPair pair = ecKeyPair();
    X500Name subject = new X500Name("CN=" + name);
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minusSeconds(3600)),
        Date.from(now.plusSeconds(86_400)), subject, pair.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    this.certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer(pair.getPrivate())));
    this.key = pair.getPrivate();
  }

  private TestCa(X509Certificate certificate, PrivateKey key) {
    this.certificate = certificate;
    this.key = key;
  }

  /** A root CA that may have intermediates (no path length limit). */
  static TestCa rootOfIntermediates(String name, Instant now) throws Exception {
    KeyPair pair = ecKeyPair();
    X500Name subject = new X500Name("CN=" + name);
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minusSeconds(3600)),
        Date.from(now.plusSeconds(86_400)), subject, pair.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return new TestCa(new JcaX509CertificateConverter().getCertificate(builder.build(signer(pair.getPrivate()))), pair.getPrivate());
  }

  /** An intermediate CA this CA issues, with the given key usages (KeyUsage bits) and CA flag. */
  TestCa intermediate(String name, Instant now, boolean isCa, int keyUsage) throws Exception {
    KeyPair pair = ecKeyPair();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(now.minusSeconds(3600)),
        Date.from(now.plusSeconds(86_400)), new X500Name("CN=" + name), pair.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
    return new TestCa(new JcaX509CertificateConverter().getCertificate(builder.build(signer(key))), pair.getPrivate());
  }

  Leaf issue(String name, String crlUrl, Instant now) throws Exception {
    KeyPair pair = ecKeyPair();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(now.minusSeconds(3600)),
        Date.from(now.plusSeconds(86_400)), new X500Name("CN=" + name), pair.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    if (crlUrl != null) {
      GeneralNames names = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, crlUrl));
      builder.addExtension(Extension.cRLDistributionPoints, false,
          new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(new DistributionPointName(names), null, null)}));
    }
    return new Leaf(new JcaX509CertificateConverter().getCertificate(builder.build(signer(key))), pair.getPrivate());
  }

  X509CRL crl(Instant thisUpdate, Instant nextUpdate, Revoked... revoked) throws Exception {
    X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(certificate, Date.from(thisUpdate));
    if (nextUpdate != null) {
      builder.setNextUpdate(Date.from(nextUpdate));
    }
    for (Revoked r : revoked) {
      if (r.reason() < 0) {
        builder.addCRLEntry(r.serial(), Date.from(thisUpdate), null);
      } else {
        builder.addCRLEntry(r.serial(), Date.from(thisUpdate), r.reason());
      }
    }
    return new JcaX509CRLConverter().getCRL(builder.build(signer(key)));
  }

  /** A device Secret's data for the leaf: chain, PKCS#8 key and this CA, base64 as the API gives them. */
  Map<String, String> secretData(Leaf leaf) throws Exception {
    String chain = pem("CERTIFICATE", leaf.certificate().getEncoded()) + pem("CERTIFICATE", certificate.getEncoded());
    return Map.of("tls.crt", b64(chain), "tls.key", b64(pem("PRIVATE KEY", leaf.key().getEncoded())),
        "ca.crt", b64(pem("CERTIFICATE", certificate.getEncoded())));
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type
        + "-----\n";
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static KeyPair ecKeyPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static org.bouncycastle.operator.ContentSigner signer(PrivateKey key) throws Exception {
    return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
  }
}
