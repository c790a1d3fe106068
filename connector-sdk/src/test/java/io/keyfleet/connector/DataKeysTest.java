package io.keyfleet.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Data keys from device Secrets: raw for generated-key devices, wrapped (HPKE, RSA-OAEP) for CSR devices. */
class DataKeysTest {
  static final String NS = "hospital-a";
  static final String DEVICE = "pump-0001";
  static final String CREATED_1 = "2025-01-01T00:00:00Z";
  static final String CREATED_2 = "2025-02-01T00:00:00Z";
  static final Map<String, KeyPair> PAIRS = new HashMap<>();
  static final SecureRandom RANDOM = new SecureRandom();

  @BeforeAll
  static void keys() throws Exception {
    PAIRS.put("p256", ec("secp256r1"));
    PAIRS.put("p384", ec("secp384r1"));
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(3072);
    PAIRS.put("rsa3072", rsa.generateKeyPair());
    PAIRS.put("other-p256", ec("secp256r1"));
  }

  static KeyPair ec(String curve) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(curve));
    return generator.generateKeyPair();
  }

  static byte[] newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static Map<String, String> annotations(String list) {
    return Map.of(DataKeys.ANNOTATION, list, "keyfleet.io/revision", "3");
  }

  /** A CSR device's Secret data: no tls.key, wrapped entries. */
  static Map<String, String> csrSecret(Map<Integer, byte[]> wrapped) {
    Map<String, String> data = new HashMap<>(Map.of("tls.crt", b64("cert".getBytes(StandardCharsets.UTF_8)),
        "ca.crt", b64("ca".getBytes(StandardCharsets.UTF_8))));
    wrapped.forEach((v, bytes) -> data.put("datakey-v" + v, b64(bytes)));
    return data;
  }

  @Test
  void generatedKeyDevicesHoldRawKeys() throws Exception {
    byte[] v1 = newKey();
    byte[] v2 = newKey();
    Map<String, String> data = Map.of("tls.crt", b64(new byte[] {1}), "tls.key", b64(new byte[] {2}), "ca.crt", b64(new byte[] {3}),
        "datakey-v1", b64(v1), "datakey-v2", b64(v2));
    DataKeys keys = DataKeys.fromSecret(NS, DEVICE, data, annotations("1@" + CREATED_1 + ";2@" + CREATED_2), Optional.empty());
    assertThat(keys.active().orElseThrow().version()).isEqualTo(2);
    assertThat(keys.active().orElseThrow().key().getEncoded()).isEqualTo(v2);
    assertThat(keys.active().orElseThrow().key().getAlgorithm()).isEqualTo("AES");
    assertThat(keys.version(1).orElseThrow().key().getEncoded()).isEqualTo(v1);
    assertThat(keys.version(1).orElseThrow().createdAt()).hasToString(CREATED_1);
    assertThat(keys.version(3)).isEmpty();
    assertThat(keys.all()).extracting(DataKey::version).containsExactly(1, 2);
    // The keys work for AES-256-GCM.
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, keys.active().orElseThrow().key(), new GCMParameterSpec(128, new byte[12]));
    assertThat(gcm.doFinal(new byte[] {42})).hasSize(17);
  }

  @ParameterizedTest
  @ValueSource(strings = {"p256", "p384", "rsa3072"})
  void csrDevicesOpenKeysWrappedToTheirOwnKey(String kind) throws Exception {
    KeyPair pair = PAIRS.get(kind);
    byte[] v1 = newKey();
    byte[] v2 = newKey();
    Map<String, String> data = csrSecret(Map.of(
        1, Wrap.to(pair.getPublic(), v1, DataKeys.info(NS, DEVICE, 1)),
        2, Wrap.to(pair.getPublic(), v2, DataKeys.info(NS, DEVICE, 2))));
    DataKeys keys = DataKeys.fromSecret(NS, DEVICE, data, annotations("2@" + CREATED_2 + ";1@" + CREATED_1), Optional.of(pair.getPrivate()));
    assertThat(keys.active().orElseThrow().version()).isEqualTo(2);
    assertThat(keys.active().orElseThrow().key().getEncoded()).isEqualTo(v2);
    assertThat(keys.version(1).orElseThrow().key().getEncoded()).isEqualTo(v1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"p256", "p384", "rsa3072"})
  void anotherDevicesKeyDoesNotOpenThem(String kind) throws Exception {
    KeyPair pair = PAIRS.get(kind);
    Map<String, String> data = csrSecret(Map.of(1, Wrap.to(pair.getPublic(), newKey(), DataKeys.info(NS, DEVICE, 1))));
    PrivateKey other = kind.equals("p256") ? PAIRS.get("other-p256").getPrivate() : PAIRS.get("p256").getPrivate();
    assertThatThrownBy(() -> DataKeys.fromSecret(NS, DEVICE, data, annotations("1@" + CREATED_1), Optional.of(other)))
        .isInstanceOf(DataKeyException.class)
        .hasMessageStartingWith("data key v1 of hospital-a/pump-0001: ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"p256", "p384", "rsa3072"})
  void aFlippedByteIsRefused(String kind) throws Exception {
    KeyPair pair = PAIRS.get(kind);
    byte[] wrapped = Wrap.to(pair.getPublic(), newKey(), DataKeys.info(NS, DEVICE, 1));
    for (int at : new int[] {5, wrapped.length - 1}) {
      byte[] tampered = wrapped.clone();
      tampered[at] ^= 0x01;
      Map<String, String> data = csrSecret(Map.of(1, tampered));
      assertThatThrownBy(() -> DataKeys.fromSecret(NS, DEVICE, data, annotations("1@" + CREATED_1), Optional.of(pair.getPrivate())))
          .isInstanceOf(DataKeyException.class)
          .hasMessageContaining("does not open");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"p256", "p384", "rsa3072"})
  void aKeyWrappedForAnotherDeviceOrVersionIsRefused(String kind) throws Exception {
    KeyPair pair = PAIRS.get(kind);
    Map<String, String> data = csrSecret(Map.of(1, Wrap.to(pair.getPublic(), newKey(), DataKeys.info(NS, DEVICE, 1))));
    Optional<PrivateKey> key = Optional.of(pair.getPrivate());
    assertThat(DataKeys.fromSecret(NS, DEVICE, data, annotations("1@" + CREATED_1), key).all()).hasSize(1);
    assertThatThrownBy(() -> DataKeys.fromSecret(NS, "pump-0002", data, annotations("1@" + CREATED_1), key))
        .isInstanceOf(DataKeyException.class).hasMessageContaining("does not open");
    assertThatThrownBy(() -> DataKeys.fromSecret("hospital-b", DEVICE, data, annotations("1@" + CREATED_1), key))
        .isInstanceOf(DataKeyException.class).hasMessageContaining("does not open");
    // The same bytes moved to another version's entry.
    Map<String, String> moved = csrSecret(Map.of(2, Base64.getDecoder().decode(data.get("datakey-v1"))));
    assertThatThrownBy(() -> DataKeys.fromSecret(NS, DEVICE, moved, annotations("2@" + CREATED_2), key))
        .isInstanceOf(DataKeyException.class).hasMessageContaining("does not open");
  }

  @Test
  void aCsrDeviceMustPassItsOwnKey() throws Exception {
    Map<String, String> data = csrSecret(Map.of(1, Wrap.to(PAIRS.get("p256").getPublic(), newKey(), DataKeys.info(NS, DEVICE, 1))));
    assertThatThrownBy(() -> DataKeys.fromSecret(NS, DEVICE, data, annotations("1@" + CREATED_1), Optional.empty()))
        .isInstanceOf(DataKeyException.class).hasMessageContaining("pass the device's private key");
  }

  @Test
  void aKeyOfTheWrongKindIsNamed() throws Exception {
    Map<String, String> data = csrSecret(Map.of(1, Wrap.to(PAIRS.get("p384").getPublic(), newKey(), DataKeys.info(NS, DEVICE, 1))));
    assertThatThrownBy(() -> DataKeys.fromSecret(NS, DEVICE, data, annotations("1@" + CREATED_1), Optional.of(PAIRS.get("rsa3072").getPrivate())))
        .isInstanceOf(DataKeyException.class).hasMessageContaining("wrapped to an EC P-384 key").hasMessageContaining("RSA key of 3072 bits");
  }

  @Test
  void inconsistentSecretsSayWhatIsWrong() {
    Map<String, String> raw = Map.of("tls.key", b64(new byte[] {2}), "datakey-v1", b64(new byte[16]), "datakey-v2", "%%%");
    assertThatThrownBy(() -> DataKeys.fromSecret(NS, DEVICE, raw, annotations("1@" + CREATED_1), Optional.empty()))
        .isInstanceOf(DataKeyException.class).hasMessage("data key v1 is 16 bytes, not 32");
    assertThatThrownBy(() -> DataKeys.fromSecret(NS, DEVICE, raw, annotations("3@" + CREATED_1), Optional.empty()))
        .isInstanceOf(DataKeyException.class).hasMessageContaining("lists version 3 but the Secret has no datakey-v3");
    assertThatThrownBy(() -> DataKeys.fromSecret(NS, DEVICE, raw, annotations("2@" + CREATED_1), Optional.empty()))
        .isInstanceOf(DataKeyException.class).hasMessageContaining("datakey-v2 is not base64");
    assertThatThrownBy(() -> DataKeys.fromSecret(NS, DEVICE, raw, annotations("one@" + CREATED_1), Optional.empty()))
        .isInstanceOf(DataKeyException.class).hasMessageContaining("'one@2025-01-01T00:00:00Z' is not version@createdAt");
    Map<String, String> unknownSuite = csrSecret(Map.of(1, new byte[] {0x07, 1, 2, 3}));
    assertThatThrownBy(() -> DataKeys.fromSecret(NS, DEVICE, unknownSuite, annotations("1@" + CREATED_1), Optional.of(PAIRS.get("p256").getPrivate())))
        .isInstanceOf(DataKeyException.class).hasMessageContaining("unknown data key wrapping suite 0x07");
  }

  @Test
  void noDataKeysIsNotAnError() throws Exception {
    DataKeys keys = DataKeys.fromSecret(NS, DEVICE, Map.of("tls.key", "eA=="), Map.of(), Optional.empty());
    assertThat(keys.active()).isEmpty();
    assertThat(keys.all()).isEmpty();
    assertThat(DataKeys.fromSecret(NS, DEVICE, Map.of("tls.key", "eA=="), null, Optional.empty()).active()).isEmpty();
  }

  @Test
  void keysAreNeverPrinted() throws Exception {
    byte[] v1 = newKey();
    DataKeys keys = DataKeys.fromSecret(NS, DEVICE, Map.of("tls.key", "eA==", "datakey-v1", b64(v1)), annotations("1@" + CREATED_1),
        Optional.empty());
    String printed = keys + " " + keys.all() + " " + keys.active().orElseThrow();
    assertThat(printed).contains("v1").doesNotContain(b64(v1)).doesNotContain("SecretKeySpec")
        .doesNotContain(Integer.toHexString(keys.active().orElseThrow().key().hashCode()));
  }

  @Test
  void theInfoNamesDeviceAndVersion() {
    assertThat(new String(DataKeys.info(NS, DEVICE, 7), StandardCharsets.UTF_8)).isEqualTo("keyfleet data key|hospital-a/pump-0001|v7");
  }
}
