package io.keyfleet.operator.oci;

/**
 * A manifest the registry stored, by the digest of exactly the bytes pushed.
 *
 * @param repository {@code host[:port]/path}
 * @param digest the {@code sha256:} digest of the manifest
 * @param size the manifest's size in bytes
 */
public record PublishedArtifact(String repository, String digest, long size) {
  public PublishedArtifact {
    OciReference.splitRepository(repository);
    Digests.requireSha256(digest, "digest");
  }

  /** {@code repository@digest}, what {@code cosign verify} and devices fetch. */
  public String reference() {
    return repository + "@" + digest;
  }
}
