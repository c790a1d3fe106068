package io.keyfleet.operator.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyfleet.operator.oci.CanonicalJson;
import io.keyfleet.operator.oci.Digests;
import io.keyfleet.operator.oci.OciBlob;
import io.keyfleet.operator.oci.OciManifest;
import io.keyfleet.operator.oci.OciRegistry;
import io.keyfleet.operator.oci.PublishedArtifact;
import io.keyfleet.operator.oci.RegistryException;
import java.security.PrivateKey;
import java.util.Map;
import java.util.Objects;

/**
 * Signs a published artifact in the cosign key-based format and pushes the signature where
 * {@code cosign verify --key} finds it: an image manifest tagged {@code sha256-<hex>.sig} in the
 * artifact's repository, whose one layer is the simple-signing payload with the signature in its
 * {@code dev.cosignproject.cosign/signature} annotation, and whose config is the image config
 * cosign itself writes (no timestamps, the payload as the one diff id).
 *
 * <p>Why it first looks at the existing tag: ECDSA signatures differ on every signing, so
 * re-signing on every reconcile would move the tag each time. If the tag already holds this
 * payload with a signature that verifies with this key, that signature is kept and returned.
 */
public final class SignaturePublisher {
  private final OciRegistry registry;

  public SignaturePublisher(OciRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /**
   * Signs {@code artifact} with {@code key} (which must hold its private half) unless it already
   * carries that signature, and returns where the signature is.
   *
   * @param optional extra payload claims, e.g. {@code keyfleet.io/sequence}; empty for none
   * @throws IllegalArgumentException if the key has no private half or is of another algorithm
   */
  public PublishedSignature publish(
      PublishedArtifact artifact, SigningKey key, Map<String, String> optional)
      throws RegistryException {
    Objects.requireNonNull(artifact, "artifact");
    PrivateKey privateKey =
        key.privateKey()
            .orElseThrow(
                () -> new IllegalArgumentException("signing key " + key.id() + " has no private key"));
    byte[] payload = CosignSignature.payload(artifact.repository(), artifact.digest(), optional);
    String tag = CosignSignature.signatureTag(artifact.digest());
    String reference = artifact.repository() + ":" + tag;

    String existing = existingSignature(reference, artifact.repository(), payload, key);
    if (existing != null) {
      return new PublishedSignature(reference, existing, key.id());
    }
    String signature = CosignSignature.sign(payload, privateKey);
    OciManifest manifest = signatureManifest(payload, signature);
    PublishedArtifact pushed = registry.push(artifact.repository(), tag, manifest);
    return new PublishedSignature(reference, pushed.digest(), key.id());
  }

  /**
   * The cosign {@code .sig} manifest for a payload and its base64 signature. Public so tests can
   * push tampered variants the same way.
   */
  public static OciManifest signatureManifest(byte[] payload, String signatureBase64) {
    OciBlob layer =
        OciBlob.of(
            CosignSignature.PAYLOAD_MEDIA_TYPE,
            payload,
            Map.of(CosignSignature.SIGNATURE_ANNOTATION, signatureBase64));
    ObjectNode config = CanonicalJson.object();
    config.put("architecture", "");
    config.putObject("config");
    config.put("created", "0001-01-01T00:00:00Z");
    config.putArray("history").addObject().put("created", "0001-01-01T00:00:00Z");
    config.put("os", "");
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    rootfs.putArray("diff_ids").add(layer.digest());
    OciBlob configBlob =
        OciBlob.of("application/vnd.oci.image.config.v1+json", CanonicalJson.bytes(config));
    return OciManifest.image(configBlob, layer, Map.of());
  }

  /** The digest of the {@code .sig} manifest if it already signs this payload with this key. */
  private String existingSignature(
      String reference, String repository, byte[] payload, SigningKey key) throws RegistryException {
    byte[] manifest;
    try {
      manifest = registry.fetchManifest(reference);
    } catch (RegistryException e) {
      if (e.reason() == RegistryException.Reason.ArtifactNotFound) {
        return null;
      }
      throw e;
    }
    JsonNode json;
    try {
      json = CanonicalJson.parse(manifest, "signature manifest " + reference);
    } catch (IllegalArgumentException e) {
      return null;
    }
    String payloadDigest = Digests.sha256(payload);
    for (JsonNode layer : json.path("layers")) {
      if (CosignSignature.PAYLOAD_MEDIA_TYPE.equals(layer.path("mediaType").asText())
          && payloadDigest.equals(layer.path("digest").asText())) {
        String signature = layer.path("annotations").path(CosignSignature.SIGNATURE_ANNOTATION).asText(null);
        byte[] stored = registry.fetchBlob(repository, payloadDigest);
        if (CosignSignature.verify(stored, signature, key.publicKey())) {
          return Digests.sha256(manifest);
        }
      }
    }
    return null;
  }
}
