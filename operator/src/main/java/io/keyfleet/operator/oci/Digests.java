package io.keyfleet.operator.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** OCI content digests: {@code sha256:} followed by 64 lower-case hex digits. */
public final class Digests {
  private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");

  private Digests() {}

  /** The {@code sha256:<hex>} digest of the bytes. */
  public static String sha256(byte[] content) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * The first 16 hex digits of the SHA-256 of the bytes: short ids and name suffixes (a signing
   * key's id, a trust bundle's id, a shortened Secret name), not content addresses.
   */
  public static String shortSha256(byte[] content) {
    return sha256(content).substring("sha256:".length(), "sha256:".length() + 16);
  }

  /**
   * The digest, checked.
   *
   * @throws IllegalArgumentException naming {@code what} unless it is {@code sha256:<64 hex>}
   */
  public static String requireSha256(String digest, String what) {
    if (digest == null || !SHA256.matcher(digest).matches()) {
      throw new IllegalArgumentException(
          what + " must be a sha256 digest (sha256: and 64 lower-case hex digits), not " + digest);
    }
    return digest;
  }

  /** The 64 hex digits of a {@code sha256:} digest. */
  public static String hex(String digest) {
    return requireSha256(digest, "digest").substring("sha256:".length());
  }
}
