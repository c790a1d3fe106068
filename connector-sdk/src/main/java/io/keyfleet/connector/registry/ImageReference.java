package io.keyfleet.connector.registry;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An OCI reference as Keyfleet writes them: {@code host[:port]/repository[:tag][@sha256:<hex>]},
 * for example {@code registry.example.com/keyfleet/icu@sha256:9f0c...}. A registry host is always
 * given (no Docker Hub defaults).
 *
 * @param registry host and optional port
 * @param repository path inside the registry
 * @param tag the tag, or null
 * @param digest the digest ({@code sha256:<64 hex>}), or null
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  /** An IPv4 literal in 127.0.0.0/8; a host name that merely starts with "127." is not one. */
  private static final Pattern LOOPBACK_V4 = Pattern.compile("127(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");

  public ImageReference {
    if (digest != null && !DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException("not a sha256 digest: " + digest);
    }
    if (!REPOSITORY.matcher(repository).matches()) {
      throw new IllegalArgumentException("not an OCI repository name: " + repository);
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("not an OCI tag: " + tag);
    }
  }

  public static ImageReference parse(String reference) {
    int slash = reference.indexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException("an OCI reference needs a registry host: " + reference);
    }
    String registry = reference.substring(0, slash);
    String rest = reference.substring(slash + 1);
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    if (tag == null && digest == null) {
      throw new IllegalArgumentException("an OCI reference needs a tag or a digest: " + reference);
    }
    return new ImageReference(registry, rest, tag, digest);
  }

  /** The same repository at another digest. */
  public ImageReference withDigest(String digest) {
    return new ImageReference(registry, repository, null, digest);
  }

  /** The same repository at another tag. */
  public ImageReference withTag(String tag) {
    return new ImageReference(registry, repository, tag, null);
  }

  /** What the registry API is asked for: the digest when there is one, else the tag. */
  public String manifestReference() {
    return digest != null ? digest : tag;
  }

  /**
   * Whether the registry is on this machine, the only case where plain HTTP is used (the
   * development and test registries).
   */
  public boolean loopback() {
    String host = registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1) : registry.split(":")[0];
    host = host.toLowerCase(Locale.ROOT);
    return host.equals("localhost") || LOOPBACK_V4.matcher(host).matches() || host.equals("[::1]");
  }

  @Override
  public String toString() {
    return registry + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }
}
