package io.keyfleet.operator.signing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyfleet.operator.oci.CanonicalJson;
import io.keyfleet.operator.oci.Digests;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The cosign key-based signature of an OCI artifact: the "simple signing" payload that names the
 * artifact's repository and digest, and a signature over exactly those bytes, as {@code cosign
 * verify --key} checks them offline.
 *
 * <p>The payload is {@code {"critical":{"identity":{"docker-reference":REPO},"image":
 * {"docker-manifest-digest":DIGEST},"type":"cosign container image signature"},"optional":{...}}}
 * written by {@link CanonicalJson}, so the same inputs always give the same bytes. Signatures are
 * ECDSA P-256 with SHA-256 (DER, as cosign and Go's crypto/ecdsa write them) or Ed25519 (pure,
 * over the payload), the two algorithms a fleet's signing key may have.
 */
public final class CosignSignature {
  /** The media type of the payload layer in a {@code .sig} manifest. */
  public static final String PAYLOAD_MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";

  /** The layer annotation that carries the base64 signature. */
  public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";

  /** The payload's {@code critical.type}. */
  public static final String TYPE = "cosign container image signature";

  private static final Provider BC = bouncyCastle();

  private CosignSignature() {}

  /**
   * The simple-signing payload for the artifact {@code repository@digest}.
   *
   * @param repository {@code host[:port]/path}, without tag or digest
   * @param digest the signed manifest's {@code sha256:} digest
   * @param optional extra claims (written sorted by key), e.g. the manifest's sequence number;
   *     empty for none
   */
  public static byte[] payload(String repository, String digest, Map<String, String> optional) {
    Objects.requireNonNull(repository, "repository");
    Digests.requireSha256(digest, "digest");
    Objects.requireNonNull(optional, "optional");
    if (repository.isBlank() || repository.contains("@")) {
      throw new IllegalArgumentException("repository must be host/path without a digest: " + repository);
    }
    ObjectNode root = CanonicalJson.object();
    ObjectNode critical = root.putObject("critical");
    critical.putObject("identity").put("docker-reference", repository);
    critical.putObject("image").put("docker-manifest-digest", digest);
    critical.put("type", TYPE);
    if (optional.isEmpty()) {
      root.putNull("optional");
    } else {
      root.set("optional", CanonicalJson.sortedObject(optional));
    }
    return CanonicalJson.bytes(root);
  }

  /**
   * Signs the payload bytes.
   *
   * @return the signature in base64, as the {@link #SIGNATURE_ANNOTATION} holds it
   * @throws IllegalArgumentException if the key is neither ECDSA P-256 nor Ed25519
   */
  public static String sign(byte[] payload, PrivateKey key) {
    Objects.requireNonNull(payload, "payload");
    String algorithm = algorithm(Objects.requireNonNull(key, "key"));
    try {
      Signature signer = Signature.getInstance(algorithm, BC);
      signer.initSign(key);
      signer.update(payload);
      return Base64.getEncoder().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the " + algorithm + " key cannot sign", e);
    }
  }

  /**
   * Whether {@code signatureBase64} is a valid signature by {@code key} over exactly these bytes.
   * A malformed signature or base64 is simply not valid.
   *
   * @throws IllegalArgumentException if the key is neither ECDSA P-256 nor Ed25519
   */
  public static boolean verify(byte[] payload, String signatureBase64, PublicKey key) {
    Objects.requireNonNull(payload, "payload");
    String algorithm = algorithm(Objects.requireNonNull(key, "key"));
    if (signatureBase64 == null) {
      return false;
    }
    try {
      byte[] signature = Base64.getDecoder().decode(signatureBase64);
      Signature verifier = Signature.getInstance(algorithm, BC);
      verifier.initVerify(key);
      verifier.update(payload);
      return verifier.verify(signature);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }

  /** The {@code .sig} tag cosign looks up for a digest: {@code sha256-<hex>.sig}. */
  public static String signatureTag(String digest) {
    return "sha256-" + Digests.hex(digest) + ".sig";
  }

  /**
   * The JCA algorithm for a key, decided from its encoded algorithm identifier so that keys from
   * any provider (Bouncy Castle's "ECDSA", SunEC's "EC"/"EdDSA") are recognised alike.
   */
  static String algorithm(Key key) {
    AlgorithmIdentifier id = algorithmIdentifier(key);
    ASN1ObjectIdentifier oid = id == null ? null : id.getAlgorithm();
    if (EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
      return "Ed25519";
    }
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)
        && X9ObjectIdentifiers.prime256v1.equals(id.getParameters())) {
      return "SHA256withECDSA";
    }
    throw new IllegalArgumentException(
        "an update-signing key must be ECDSA P-256 or Ed25519, not " + key.getAlgorithm());
  }

  private static AlgorithmIdentifier algorithmIdentifier(Key key) {
    byte[] encoded = key.getEncoded();
    if (encoded == null) {
      return null;
    }
    try {
      return key instanceof PrivateKey
          ? PrivateKeyInfo.getInstance(encoded).getPrivateKeyAlgorithm()
          : SubjectPublicKeyInfo.getInstance(encoded).getAlgorithm();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The registered Bouncy Castle provider, registered here if nobody did yet. */
  private static Provider bouncyCastle() {
    Provider registered = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
    if (registered == null) {
      Security.addProvider(new BouncyCastleProvider());
      registered = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
    }
    return registered;
  }
}
