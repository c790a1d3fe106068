package io.keyfleet.operator.pki;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM text for certificates, keys and CRLs, in the forms Kubernetes TLS Secrets and OpenSSL
 * expect, plus the two identifiers status fields show (SHA-256 fingerprint, serial in hex).
 *
 * <p>Why its own encoder: output is deterministic ({@code \n} line ends, 64-column base64) no
 * matter the platform, so Secrets do not churn between operator replicas. Parsing is lenient
 * where OpenSSL is (legacy {@code EC PRIVATE KEY}/{@code RSA PRIVATE KEY} keys, text around the
 * blocks) and strict where it matters (encrypted keys are refused, not silently skipped). Error
 * messages name the block type that was found, never its content.
 */
public final class Pem {
  private static final Base64.Encoder BASE64 =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  private Pem() {}

  /** Concatenated CERTIFICATE blocks, in list order (leaf first for a chain). */
  public static String certificates(List<X509Certificate> certificates) {
    Objects.requireNonNull(certificates, "certificates");
    StringBuilder pem = new StringBuilder();
    for (X509Certificate certificate : certificates) {
      pem.append(certificate(certificate));
    }
    return pem.toString();
  }

  /** One CERTIFICATE block. */
  public static String certificate(X509Certificate certificate) {
    try {
      return block("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    }
  }

  /**
   * An unencrypted PKCS#8 "PRIVATE KEY" block, always in the version 1 form (RFC 5208).
   *
   * <p>Why v1: Bouncy Castle encodes Ed25519 keys as RFC 5958 v2 (with the optional public key),
   * which OpenSSL 3.0 and other device-side parsers refuse; v1 carries the same private key.
   */
  public static String privateKey(PrivateKey key) {
    Objects.requireNonNull(key, "key");
    byte[] der = key.getEncoded();
    if (der == null || !"PKCS#8".equalsIgnoreCase(key.getFormat())) {
      throw new IllegalArgumentException(
          "private key of type " + key.getAlgorithm() + " has no PKCS#8 encoding");
    }
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
      if (info.getVersion().hasValue(0)) {
        return block("PRIVATE KEY", der);
      }
      PrivateKeyInfo v1 =
          new PrivateKeyInfo(
              info.getPrivateKeyAlgorithm(), info.parsePrivateKey(), info.getAttributes());
      return block("PRIVATE KEY", v1.getEncoded(ASN1Encoding.DER));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "private key of type " + key.getAlgorithm() + " is not valid PKCS#8", e);
    }
  }

  /** A "PUBLIC KEY" block (X.509 SubjectPublicKeyInfo), as {@code openssl pkey -pubout} writes. */
  public static String publicKey(PublicKey key) {
    Objects.requireNonNull(key, "key");
    byte[] der = key.getEncoded();
    if (der == null) {
      throw new IllegalArgumentException(
          "public key of type " + key.getAlgorithm() + " has no X.509 encoding");
    }
    return block("PUBLIC KEY", der);
  }

  /** A "CERTIFICATE REQUEST" block (PKCS#10, as openssl req writes it). */
  public static String csr(byte[] der) {
    return block("CERTIFICATE REQUEST", der);
  }

  /**
   * The DER of the first certificate request in the text.
   *
   * @throws IllegalArgumentException when the text holds no certificate request
   */
  public static byte[] csrDer(String pem) {
    for (Object object : objects(pem, "certificate request")) {
      if (object instanceof org.bouncycastle.pkcs.PKCS10CertificationRequest csr) {
        try {
          return csr.getEncoded();
        } catch (IOException e) {
          throw new IllegalArgumentException("certificate request cannot be encoded", e);
        }
      }
    }
    throw new IllegalArgumentException("no CERTIFICATE REQUEST block in the PEM text");
  }

  /** An "X509 CRL" block. */
  public static String crl(X509CRL crl) {
    try {
      return block("X509 CRL", crl.getEncoded());
    } catch (CRLException e) {
      throw new IllegalArgumentException("CRL cannot be encoded", e);
    }
  }

  /**
   * Every CERTIFICATE block in the text, in order. Other blocks (e.g. a key in the same file) are
   * skipped.
   *
   * @throws IllegalArgumentException when there is no certificate or one does not parse
   */
  public static List<X509Certificate> parseCertificates(String pem) {
    List<X509Certificate> certificates = new ArrayList<>();
    JcaX509CertificateConverter converter =
        new JcaX509CertificateConverter().setProvider(Providers.bouncyCastle());
    for (Object object : objects(pem, "certificate")) {
      if (object instanceof X509CertificateHolder holder) {
        try {
          certificates.add(converter.getCertificate(holder));
        } catch (CertificateException e) {
          throw new IllegalArgumentException("certificate cannot be decoded", e);
        }
      }
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("no CERTIFICATE block found");
    }
    return List.copyOf(certificates);
  }

  /**
   * The first private key in the text: PKCS#8 "PRIVATE KEY", or the legacy OpenSSL forms "EC
   * PRIVATE KEY" and "RSA PRIVATE KEY". An "EC PARAMETERS" block before it is skipped.
   *
   * @throws IllegalArgumentException when there is no key, it is encrypted, or it does not parse
   */
  public static PrivateKey parsePrivateKey(String pem) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(Providers.bouncyCastle());
    for (Object object : objects(pem, "private key")) {
      try {
        if (object instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (object instanceof PEMKeyPair pair) {
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("private key cannot be decoded", e);
      }
      if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
        throw new IllegalArgumentException(
            "private key is encrypted; Keyfleet needs an unencrypted PKCS#8 key");
      }
    }
    throw new IllegalArgumentException(
        "no PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY block found");
  }

  /**
   * Every "PUBLIC KEY" (SubjectPublicKeyInfo) block in the text, in order; other blocks and
   * comment lines are skipped.
   *
   * @throws IllegalArgumentException when a block does not parse
   */
  public static List<PublicKey> parsePublicKeys(String pem) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(Providers.bouncyCastle());
    List<PublicKey> keys = new ArrayList<>();
    for (Object object : objects(pem, "public key")) {
      if (object instanceof SubjectPublicKeyInfo info) {
        try {
          keys.add(converter.getPublicKey(info));
        } catch (IOException | RuntimeException e) {
          throw new IllegalArgumentException("public key cannot be decoded", e);
        }
      }
    }
    return keys;
  }

  /**
   * The first "PUBLIC KEY" block in the text.
   *
   * @throws IllegalArgumentException when there is none or it does not parse
   */
  public static PublicKey parsePublicKey(String pem) {
    List<PublicKey> keys = parsePublicKeys(pem);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no PUBLIC KEY block found");
    }
    return keys.get(0);
  }

  /**
   * The first "X509 CRL" block in the text.
   *
   * @throws IllegalArgumentException when there is none or it does not parse
   */
  public static X509CRL parseCrl(String pem) {
    for (Object object : objects(pem, "CRL")) {
      if (object instanceof X509CRLHolder holder) {
        try {
          return new JcaX509CRLConverter().setProvider(Providers.bouncyCastle()).getCRL(holder);
        } catch (CRLException e) {
          throw new IllegalArgumentException("CRL cannot be decoded", e);
        }
      }
    }
    throw new IllegalArgumentException("no X509 CRL block found");
  }

  /** SHA-256 over the certificate's DER, lower-case hex without colons (64 characters). */
  public static String sha256Fingerprint(X509Certificate certificate) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256", Providers.bouncyCastle());
      return HexFormat.of().formatHex(sha256.digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("certificate cannot be fingerprinted", e);
    }
  }

  /**
   * A serial number as lower-case hex without leading zeros ({@link BigInteger#toString(int)}).
   * OpenSSL prints whole bytes in upper case, so compare numerically, not as text.
   */
  public static String serialHex(BigInteger serial) {
    Objects.requireNonNull(serial, "serial");
    if (serial.signum() < 0) {
      throw new IllegalArgumentException("serial numbers are positive");
    }
    return serial.toString(16);
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + BASE64.encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** All PEM objects in the text, decoded by Bouncy Castle's OpenSSL-compatible parser. */
  private static List<Object> objects(String pem, String what) {
    if (pem == null || pem.isBlank()) {
      throw new IllegalArgumentException("no PEM " + what + " given (empty text)");
    }
    List<Object> objects = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        objects.add(object);
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("PEM " + what + " is malformed: " + safeReason(e), e);
    }
    return objects;
  }

  /** The exception's class and message, which Bouncy Castle keeps free of the block's content. */
  private static String safeReason(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
