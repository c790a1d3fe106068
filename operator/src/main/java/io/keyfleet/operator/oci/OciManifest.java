package io.keyfleet.operator.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An OCI image manifest with one config and one layer, as deterministic bytes (see {@link
 * CanonicalJson}), together with the blobs it references.
 *
 * <p>Two shapes are needed: an artifact (OCI 1.1: {@code artifactType}, the empty config, an
 * optional {@code subject} so the referrers API lists it) for update manifests and firmware, and
 * an image with a real config for cosign signatures, which stock cosign reads as an image.
 */
public final class OciManifest {
  /** The media type of every manifest built here. */
  public static final String MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";

  /** The OCI 1.1 empty descriptor's media type, for artifacts without a config. */
  public static final String EMPTY_CONFIG_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";

  private static final OciBlob EMPTY_CONFIG =
      OciBlob.of(EMPTY_CONFIG_MEDIA_TYPE, "{}".getBytes(StandardCharsets.US_ASCII));

  private final OciBlob config;
  private final OciBlob layer;
  private final byte[] bytes;
  private final String digest;

  private OciManifest(
      String artifactType,
      OciBlob config,
      OciBlob layer,
      ResolvedArtifact subject,
      Map<String, String> annotations) {
    this.config = Objects.requireNonNull(config, "config");
    this.layer = Objects.requireNonNull(layer, "layer");
    Objects.requireNonNull(annotations, "annotations");
    ObjectNode json = CanonicalJson.object();
    json.put("schemaVersion", 2);
    json.put("mediaType", MEDIA_TYPE);
    if (artifactType != null) {
      json.put("artifactType", artifactType);
    }
    json.set("config", descriptor(config));
    json.putArray("layers").add(descriptor(layer));
    if (subject != null) {
      ObjectNode subjectNode = json.putObject("subject");
      subjectNode.put("mediaType", subject.mediaType());
      subjectNode.put("digest", subject.digest());
      subjectNode.put("size", subject.size());
    }
    if (!annotations.isEmpty()) {
      json.set("annotations", CanonicalJson.sortedObject(annotations));
    }
    this.bytes = CanonicalJson.bytes(json);
    this.digest = Digests.sha256(bytes);
  }

  /**
   * An OCI 1.1 artifact: the empty config, one layer, and optionally a subject.
   *
   * @param artifactType e.g. {@code application/vnd.keyfleet.update-manifest.v1+json}
   * @param subject the artifact this one refers to, or null
   * @param annotations manifest annotations (written sorted by key)
   */
  public static OciManifest artifact(
      String artifactType, OciBlob layer, ResolvedArtifact subject, Map<String, String> annotations) {
    if (artifactType == null || artifactType.isBlank()) {
      throw new IllegalArgumentException("an artifact needs an artifactType");
    }
    return new OciManifest(artifactType, EMPTY_CONFIG, layer, subject, annotations);
  }

  /** An image manifest with a config blob and one layer (no artifactType, no subject). */
  public static OciManifest image(OciBlob config, OciBlob layer, Map<String, String> annotations) {
    return new OciManifest(null, config, layer, null, annotations);
  }

  /** The exact bytes to push; the digest is computed from them. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** {@code sha256:<hex>} of {@link #bytes()}. */
  public String digest() {
    return digest;
  }

  public long size() {
    return bytes.length;
  }

  /** The blobs the registry must hold before the manifest is pushed: config, then the layer. */
  public List<OciBlob> blobs() {
    return List.of(config, layer);
  }

  @Override
  public String toString() {
    return "OciManifest[" + digest + ", " + bytes.length + " bytes]";
  }

  private static ObjectNode descriptor(OciBlob blob) {
    ObjectNode node = CanonicalJson.object();
    node.put("mediaType", blob.mediaType());
    node.put("digest", blob.digest());
    node.put("size", blob.size());
    if (!blob.annotations().isEmpty()) {
      node.set("annotations", CanonicalJson.sortedObject(blob.annotations()));
    }
    return node;
  }
}
