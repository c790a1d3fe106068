package io.keyfleet.connector;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * A device's data-encryption keys, read from its Secret ({@code <device>-tls}).
 *
 * <p>The annotation {@code keyfleet.io/data-keys} lists the versions the Secret holds as
 * {@code version@createdAt} entries separated by {@code ;}; each version is the data entry
 * {@code datakey-v<N>}. A device whose key the operator generated (the Secret has a
 * {@code tls.key}) gets the raw 32-byte AES-256 key. A device that holds its own key (it sent a
 * CSR; the Secret has no {@code tls.key}) gets the key wrapped to its public key with HPKE (EC
 * P-256/P-384) or RSA-OAEP, bound to {@code keyfleet data key|<namespace>/<device>|v<N>}, so only
 * that device can open it, and only as that device and version.
 *
 * <p>Encrypt new data with {@link #active()} and record its version next to the ciphertext;
 * decrypt with {@link #version(int)}. A version the Secret no longer lists has been destroyed.
 * Read the keys again whenever the Secret changes (rotation adds a version, retention drops old
 * ones).
 */
public final class DataKeys {
  /** The annotation that lists the versions held. */
  public static final String ANNOTATION = "keyfleet.io/data-keys";
  /** Data entries are named {@code datakey-v1}, {@code datakey-v2}, ... */
  public static final String ENTRY_PREFIX = "datakey-v";
  /** Length of a data key in bytes (AES-256). */
  public static final int KEY_LENGTH = 32;

  private final List<DataKey> keys;

  private DataKeys(List<DataKey> keys) {
    this.keys = List.copyOf(keys);
  }

  /**
   * The data keys of one device.
   *
   * @param namespace the device's namespace
   * @param deviceName the DeviceIdentity's name (not the Secret's)
   * @param data the Secret's {@code data} (base64 values, as the API returns them)
   * @param annotations the Secret's annotations; null means none
   * @param deviceKey the device's own private key; required when the Secret has no {@code tls.key}
   * @throws DataKeyException when the annotation is malformed, a listed entry is missing or the
   *     wrong length, the device key is needed but absent or of the wrong kind, or a wrapped key
   *     does not open
   */
  public static DataKeys fromSecret(String namespace, String deviceName, Map<String, String> data,
      Map<String, String> annotations, Optional<PrivateKey> deviceKey) throws DataKeyException {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(deviceName, "deviceName");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(deviceKey, "deviceKey");
    boolean wrapped = !data.containsKey("tls.key");
    String listed = annotations == null ? "" : annotations.getOrDefault(ANNOTATION, "");
    List<DataKey> keys = new ArrayList<>();
    for (String entry : listed.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      Listed version = Listed.parse(entry.strip());
      if (keys.stream().anyMatch(k -> k.version() == version.number())) {
        throw new DataKeyException(ANNOTATION + " lists version " + version.number() + " twice");
      }
      byte[] material = material(data, version.number());
      byte[] key;
      if (wrapped) {
        PrivateKey own = deviceKey.orElseThrow(() -> new DataKeyException("data key v" + version.number()
            + " is wrapped to the device's own key (the Secret has no tls.key): pass the device's private key"));
        try {
          key = WrappedDataKey.open(own, material, info(namespace, deviceName, version.number()));
        } catch (DataKeyException e) {
          throw new DataKeyException("data key v" + version.number() + " of " + namespace + "/" + deviceName + ": "
              + e.getMessage(), e.getCause());
        }
      } else {
        key = material;
      }
      keys.add(new DataKey(version.number(), version.createdAt(), aesKey(key, version.number())));
    }
    keys.sort(Comparator.comparingInt(DataKey::version));
    return new DataKeys(keys);
  }

  /**
   * The HPKE info (and RSA-OAEP label) that binds a wrapped key to one device and version:
   * {@code keyfleet data key|<namespace>/<device>|v<version>}, UTF-8.
   */
  public static byte[] info(String namespace, String deviceName, int version) {
    return ("keyfleet data key|" + namespace + "/" + deviceName + "|v" + version).getBytes(StandardCharsets.UTF_8);
  }

  /** The highest version: the one to encrypt new data with. Empty when the Secret holds none. */
  public Optional<DataKey> active() {
    return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(keys.size() - 1));
  }

  /** One version, for data encrypted with it; empty when the Secret no longer holds it. */
  public Optional<DataKey> version(int version) {
    return keys.stream().filter(k -> k.version() == version).findFirst();
  }

  /** Every version held, oldest first. */
  public List<DataKey> all() {
    return keys;
  }

  /** The versions only; keys are never printed. */
  @Override
  public String toString() {
    return "DataKeys" + keys.stream().map(k -> "v" + k.version()).toList();
  }

  private static byte[] material(Map<String, String> data, int version) throws DataKeyException {
    String value = data.get(ENTRY_PREFIX + version);
    if (value == null) {
      throw new DataKeyException(ANNOTATION + " lists version " + version + " but the Secret has no " + ENTRY_PREFIX + version);
    }
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new DataKeyException(ENTRY_PREFIX + version + " is not base64");
    }
  }

  private static SecretKeySpec aesKey(byte[] key, int version) throws DataKeyException {
    try {
      if (key.length != KEY_LENGTH) {
        throw new DataKeyException("data key v" + version + " is " + key.length + " bytes, not " + KEY_LENGTH);
      }
      return new SecretKeySpec(key, "AES");
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** One {@code version@createdAt} entry of the annotation. */
  private record Listed(int number, Instant createdAt) {
    static Listed parse(String entry) throws DataKeyException {
      int at = entry.indexOf('@');
      try {
        if (at > 0) {
          int number = Integer.parseInt(entry.substring(0, at));
          if (number >= 1) {
            return new Listed(number, Instant.parse(entry.substring(at + 1)));
          }
        }
      } catch (NumberFormatException | DateTimeException e) {
        // reported below
      }
      throw new DataKeyException(ANNOTATION + " entry '" + entry + "' is not version@createdAt");
    }
  }
}
