package io.keyfleet.operator.identity;

import io.fabric8.kubernetes.api.model.Secret;
import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import io.keyfleet.operator.pki.KeyChecks;
import io.keyfleet.operator.pki.KeyPairs;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.pki.SecretText;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the operator needs to know about a device Secret between two writes of it, without its key
 * material or certificates: the certificate's facts, whether the fleet CA signed it and whether the
 * key matches (checked once per Secret version), and the annotations' bookkeeping. The informer
 * cache keeps these instead of the Secret's data (see {@link DeviceSecretStore}); when the operator
 * must rewrite a Secret, it reads the Secret whole from the API server.
 *
 * @param verifiedByCa SHA-256 fingerprint of the CA certificate (the Secret's ca.crt) the device
 *     certificate chains to, directly or through the intermediates in tls.crt, or null when it does not
 * @param signedByKey hex SHA-256 of the public key that signed the device certificate (the CA's,
 *     or the intermediate's), or null when no certificate in the Secret verifies it
 * @param keyMatches whether tls.key is the private half of the certificate's key (true without a tls.key)
 */
public record SecretFacts(
    String resourceVersion, String type, String serial, Instant notBefore, Instant notAfter, KeyAlgorithm keyAlgorithm,
    byte[] publicKeySha256, String fingerprintSha256, List<String> uris, boolean hasKey, String verifiedByCa, String signedByKey, boolean keyMatches,
    long revision, Instant keyCreatedAt, String keySource, List<DeviceSecret.Superseded> superseded,
    List<DataKeyRotation.Version> dataKeys, String updateTrustId) {

  /** Facts of a Secret read whole, checking its certificate and key (the costly part: a signature check and a key-pair check). */
  public static Optional<SecretFacts> inspect(Secret secret) {
    Optional<DeviceSecret.Contents> contents = DeviceSecret.read(secret);
    if (contents.isEmpty()) {
      return Optional.empty();
    }
    DeviceSecret.Contents c = contents.get();
    List<X509Certificate> anchors = anchors(secret);
    List<X509Certificate> intermediates = c.chain().subList(1, c.chain().size());
    String verifiedBy = null;
    String signedBy = null;
    X509Certificate current = c.leaf();
    // Up the chain the Secret carries, to a certificate of its ca.crt: at most one step per intermediate.
    for (int step = 0; step <= intermediates.size() && verifiedBy == null; step++) {
      X509Certificate issuer = null;
      for (X509Certificate ca : anchors) {
        if (KeyChecks.signedBy(current, ca.getPublicKey())) {
          verifiedBy = Pem.sha256Fingerprint(ca);
          issuer = ca;
          break;
        }
      }
      if (issuer == null) {
        for (X509Certificate intermediate : intermediates) {
          if (intermediate.getSubjectX500Principal().equals(current.getIssuerX500Principal())
              && KeyChecks.signedBy(current, intermediate.getPublicKey())) {
            issuer = intermediate;
            break;
          }
        }
      }
      if (issuer == null) {
        break;
      }
      if (current == c.leaf()) {
        signedBy = keyHex(issuer.getPublicKey());
      }
      current = issuer;
    }
    boolean keyMatches = c.key().map(k -> KeyChecks.belongTogether(k, c.leaf().getPublicKey())).orElse(true);
    return Optional.of(of(secret, c, verifiedBy, signedBy, keyMatches));
  }

  /**
   * Facts of a Secret the operator just wrote with credentials it made or checked: nothing to check.
   *
   * @param signingKey the key that signed the device certificate
   */
  public static SecretFacts written(Secret secret, DeviceSecret.Contents c, String caFingerprint, PublicKey signingKey) {
    return of(secret, c, caFingerprint, keyHex(signingKey), true);
  }

  /** Hex SHA-256 of a public key (its SubjectPublicKeyInfo), as {@link #signedByKey()} holds it. */
  public static String keyHex(PublicKey key) {
    return java.util.HexFormat.of().formatHex(sha256(key));
  }

  private static SecretFacts of(Secret secret, DeviceSecret.Contents c, String verifiedBy, String signedBy, boolean keyMatches) {
    X509Certificate leaf = c.leaf();
    return new SecretFacts(
        secret.getMetadata().getResourceVersion(), canonicalType(secret.getType()), Pem.serialHex(leaf.getSerialNumber()),
        leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(), KeyPairs.algorithmOf(leaf.getPublicKey()),
        sha256(leaf.getPublicKey()), Pem.sha256Fingerprint(leaf), uris(leaf), c.key().isPresent(),
        verifiedBy == null ? null : verifiedBy.intern(), signedBy == null ? null : signedBy.intern(), keyMatches, c.revision(), c.keyCreatedAt(), c.keySource().intern(),
        List.copyOf(c.superseded()), c.dataKeys().stream().map(k -> new DataKeyRotation.Version(k.version(), k.createdAt())).toList(),
        c.updateTrustId() == null ? null : c.updateTrustId().intern());
  }

  /** Whether the certificate's key is this one. */
  public boolean hasPublicKey(PublicKey key) {
    return Arrays.equals(publicKeySha256, sha256(key));
  }

  static byte[] sha256(PublicKey key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<X509Certificate> anchors(Secret secret) {
    List<X509Certificate> cas = new ArrayList<>();
    String caText = secret.getData() == null ? null : secret.getData().get(DeviceSecret.CA_CRT);
    if (caText != null) {
      try {
        cas.addAll(Pem.parseCertificates(SecretText.decode(caText)));
      } catch (RuntimeException e) {
        // an unreadable ca.crt verifies nothing
      }
    }
    return cas;
  }

  private static List<String> uris(X509Certificate leaf) {
    try {
      if (leaf.getSubjectAlternativeNames() == null) {
        return List.of();
      }
      return leaf.getSubjectAlternativeNames().stream().filter(n -> Integer.valueOf(6).equals(n.get(0))).map(n -> (String) n.get(1)).toList();
    } catch (Exception e) {
      return List.of();
    }
  }

  private static String canonicalType(String type) {
    if (DeviceSecret.TYPE_TLS.equals(type)) {
      return DeviceSecret.TYPE_TLS;
    }
    return DeviceSecret.TYPE_DEVICE_CERTIFICATE.equals(type) ? DeviceSecret.TYPE_DEVICE_CERTIFICATE : type;
  }

  @Override
  public String toString() {
    return "SecretFacts[serial=" + serial + ", notAfter=" + notAfter + ", revision=" + revision + ", resourceVersion=" + resourceVersion + "]";
  }
}
