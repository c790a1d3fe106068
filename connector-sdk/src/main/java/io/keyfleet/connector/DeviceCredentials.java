package io.keyfleet.connector;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A device's credentials from its Secret ({@code <device>-tls}): the certificate chain
 * ({@code tls.crt}), the private key ({@code tls.key}, absent when the device holds its own) and
 * the fleet's trust anchors ({@code ca.crt}), as key stores and a ready mutual-TLS
 * {@link SSLContext}. Build a new one whenever the Secret changes (renewal, rotation).
 */
public final class DeviceCredentials {
  static final String ALIAS = "device";
  private static final char[] NO_PASSWORD = new char[0];

  private final List<X509Certificate> chain;
  private final Optional<PrivateKey> key;
  private final List<X509Certificate> anchors;

  private DeviceCredentials(List<X509Certificate> chain, Optional<PrivateKey> key, List<X509Certificate> anchors) {
    this.chain = List.copyOf(chain);
    this.key = key;
    this.anchors = List.copyOf(anchors);
  }

  /** From a Secret's {@code data} (base64 values, as the API returns them). */
  public static DeviceCredentials fromSecretData(Map<String, String> data) {
    String crt = text(data, "tls.crt").orElseThrow(() -> new IllegalArgumentException("the Secret has no tls.crt"));
    String ca = text(data, "ca.crt").orElseThrow(() -> new IllegalArgumentException("the Secret has no ca.crt"));
    return new DeviceCredentials(certificates(crt, "tls.crt"), text(data, "tls.key").map(DeviceCredentials::privateKey),
        certificates(ca, "ca.crt"));
  }

  /** The same credentials with the device's own key (for devices that sent a CSR). */
  public DeviceCredentials withPrivateKey(PrivateKey deviceKey) {
    return new DeviceCredentials(chain, Optional.of(deviceKey), anchors);
  }

  public X509Certificate certificate() {
    return chain.get(0);
  }

  public List<X509Certificate> chain() {
    return chain;
  }

  public List<X509Certificate> trustAnchors() {
    return anchors;
  }

  /** The key and chain under the alias {@value #ALIAS}, in memory, without a password. */
  public KeyStore keyStore() {
    PrivateKey k = key.orElseThrow(() -> new IllegalStateException(
        "the Secret has no tls.key: the device holds its own key (use withPrivateKey)"));
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(ALIAS, k, NO_PASSWORD, chain.toArray(X509Certificate[]::new));
      return store;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build the key store: " + e.getMessage(), e);
    }
  }

  /** The fleet's trust anchors, for checking the peer. */
  public KeyStore trustStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < anchors.size(); i++) {
        store.setCertificateEntry("ca-" + i, anchors.get(i));
      }
      return store;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build the trust store: " + e.getMessage(), e);
    }
  }

  /** TLS with the device's key and chain, trusting only the fleet's anchors. */
  public SSLContext sslContext() {
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore());
      return sslContext(trust.getTrustManagers());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the TLS context: " + e.getMessage(), e);
    }
  }

  /**
   * TLS as {@link #sslContext()}, and a peer the CRL lists fails the handshake (so does every
   * peer once the CRL is stale: fetch a new one and build a new context before its nextUpdate).
   */
  public SSLContext sslContext(RevocationList revocations) {
    return sslContext(new TrustManager[] {revocations.trustManager(anchors)});
  }

  private SSLContext sslContext(TrustManager[] trustManagers) {
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore(), NO_PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trustManagers, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the TLS context: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "DeviceCredentials[" + certificate().getSubjectX500Principal() + ", serial " + certificate().getSerialNumber().toString(16) + "]";
  }

  private static Optional<String> text(Map<String, String> data, String key) {
    String value = data.get(key);
    return value == null ? Optional.empty() : Optional.of(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unchecked")
  private static List<X509Certificate> certificates(String pem, String what) {
    try {
      var certificates = (List<X509Certificate>) (List<?>) List.copyOf(
          CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException(what + " holds no certificate");
      }
      return certificates;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(what + " does not parse: " + e.getMessage(), e);
    }
  }

  /** A PKCS#8 "PRIVATE KEY" block (EC, RSA or Ed25519). The key never appears in messages. */
  private static PrivateKey privateKey(String pem) {
    String begin = "-----BEGIN PRIVATE KEY-----";
    String end = "-----END PRIVATE KEY-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("tls.key holds no PKCS#8 PRIVATE KEY block");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to).getBytes(StandardCharsets.US_ASCII));
    for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException("tls.key is not an EC, RSA or Ed25519 key");
  }
}
