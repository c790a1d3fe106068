package io.keyfleet.operator.oci;

/**
 * An artifact pinned to its digest, as the registry serves it: what a campaign records once and
 * what an update manifest names as its {@code subject}.
 *
 * @param repository {@code host[:port]/path}
 * @param digest the {@code sha256:} digest of the manifest bytes
 * @param size the manifest's size in bytes
 * @param mediaType the manifest's media type (image manifest or index)
 * @param artifactType its {@code artifactType}, else its config media type, else null
 */
public record ResolvedArtifact(
    String repository, String digest, long size, String mediaType, String artifactType) {
  public ResolvedArtifact {
    OciReference.splitRepository(repository);
    Digests.requireSha256(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative");
    }
    if (mediaType == null || mediaType.isBlank()) {
      throw new IllegalArgumentException("mediaType is required");
    }
  }

  /** {@code repository@digest}. */
  public String reference() {
    return repository + "@" + digest;
  }
}
