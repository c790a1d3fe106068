package io.keyfleet.operator.oci;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Content that goes into a manifest as a descriptor (a config or a layer): its media type, its
 * exact bytes and the descriptor's annotations. The digest is computed from the bytes, once.
 */
public final class OciBlob {
  private final String mediaType;
  private final byte[] content;
  private final Map<String, String> annotations;
  private final String digest;

  private OciBlob(String mediaType, byte[] content, Map<String, String> annotations) {
    if (mediaType == null || mediaType.isBlank()) {
      throw new IllegalArgumentException("a blob needs a media type");
    }
    this.mediaType = mediaType;
    this.content = Objects.requireNonNull(content, "content").clone();
    this.annotations = Map.copyOf(new TreeMap<>(Objects.requireNonNull(annotations, "annotations")));
    this.digest = Digests.sha256(this.content);
  }

  /** A blob without descriptor annotations. */
  public static OciBlob of(String mediaType, byte[] content) {
    return new OciBlob(mediaType, content, Map.of());
  }

  /** A blob whose descriptor carries annotations. */
  public static OciBlob of(String mediaType, byte[] content, Map<String, String> annotations) {
    return new OciBlob(mediaType, content, annotations);
  }

  public String mediaType() {
    return mediaType;
  }

  /** A copy of the bytes. */
  public byte[] content() {
    return content.clone();
  }

  /** The descriptor annotations, sorted by key. */
  public Map<String, String> annotations() {
    return new TreeMap<>(annotations);
  }

  /** {@code sha256:<hex>} of the bytes. */
  public String digest() {
    return digest;
  }

  public long size() {
    return content.length;
  }

  @Override
  public String toString() {
    return "OciBlob[" + mediaType + ", " + digest + ", " + content.length + " bytes]";
  }
}
