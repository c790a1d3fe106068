package io.keyfleet.connector;

import java.time.Instant;
import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * One version of a device's data-encryption key: an AES-256 key for AES-256-GCM.
 *
 * @param version the version, from 1; a ciphertext should record the version it was made with
 * @param createdAt when the operator made this version
 * @param key the AES key (algorithm "AES", 32 bytes)
 */
public record DataKey(int version, Instant createdAt, SecretKey key) {
  public DataKey {
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(key, "key");
    if (version < 1) {
      throw new IllegalArgumentException("a data key version is at least 1, was " + version);
    }
  }

  /** Version and creation time only; the key is never printed. */
  @Override
  public String toString() {
    return "DataKey[v" + version + ", createdAt=" + createdAt + ", key=<redacted>]";
  }
}
