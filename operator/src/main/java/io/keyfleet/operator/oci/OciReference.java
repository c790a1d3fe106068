package io.keyfleet.operator.oci;

import io.keyfleet.api.v1alpha1.common.Patterns;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed OCI reference: registry host (with port), repository path, and a tag, a digest or
 * both, e.g. {@code 127.0.0.1:5000/firmware/pump-x2:2.4.1@sha256:...}.
 *
 * <p>Why a registry host is required: the operator must never guess a default registry (Docker
 * Hub) for firmware that goes into medical devices, so the grammar is the one the CRDs enforce
 * ({@link Patterns#OCI_REFERENCE}).
 *
 * @param registry host or host:port
 * @param path repository path inside the registry, e.g. {@code firmware/pump-x2}
 * @param tag the tag, or null
 * @param digest the {@code sha256:} digest, or null
 */
public record OciReference(String registry, String path, String tag, String digest) {
  private static final Pattern REFERENCE = Pattern.compile(Patterns.OCI_REFERENCE);
  private static final Pattern REPOSITORY = Pattern.compile(Patterns.OCI_REPOSITORY);

  public OciReference {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(path, "path");
    if (tag == null && digest == null) {
      throw new IllegalArgumentException("an OCI reference needs a tag or a digest");
    }
    if (digest != null) {
      Digests.requireSha256(digest, "digest");
    }
  }

  /**
   * Parses {@code host[:port]/path(:tag|@digest|:tag@digest)}.
   *
   * @throws IllegalArgumentException quoting the reference when it does not match
   */
  public static OciReference parse(String reference) {
    if (reference == null || !REFERENCE.matcher(reference).matches()) {
      throw new IllegalArgumentException(
          "not an OCI reference with a registry host and a tag or digest: " + reference);
    }
    String rest = reference;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    int slash = rest.indexOf('/');
    return new OciReference(rest.substring(0, slash), rest.substring(slash + 1), tag, digest);
  }

  /**
   * Splits a repository ({@code host[:port]/path}, no tag or digest) into host and path.
   *
   * @return a two-element array: host, path
   * @throws IllegalArgumentException quoting the repository when it does not match
   */
  public static String[] splitRepository(String repository) {
    if (repository == null || !REPOSITORY.matcher(repository).matches()) {
      throw new IllegalArgumentException(
          "not an OCI repository of the form host[:port]/path (no tag or digest): " + repository);
    }
    int slash = repository.indexOf('/');
    return new String[] {repository.substring(0, slash), repository.substring(slash + 1)};
  }

  /** An untagged reference to a digest in a repository. */
  public static OciReference ofDigest(String repository, String digest) {
    String[] parts = splitRepository(repository);
    return new OciReference(parts[0], parts[1], null, digest);
  }

  /** A tag in a repository. */
  public static OciReference ofTag(String repository, String tag) {
    String[] parts = splitRepository(repository);
    return parse(parts[0] + "/" + parts[1] + ":" + tag);
  }

  /** {@code host[:port]/path}, without tag or digest. */
  public String repository() {
    return registry + "/" + path;
  }

  /** The same repository pinned to a digest (the tag is dropped). */
  public OciReference withDigest(String newDigest) {
    return new OciReference(registry, path, null, newDigest);
  }

  /** What goes into the URL: the digest if there is one, else the tag. */
  String target() {
    return digest != null ? digest : tag;
  }

  @Override
  public String toString() {
    return repository() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }
}
