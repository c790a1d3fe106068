package io.keyfleet.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class DataKeyWrapTest {
  private static final byte[] INFO =
      "keyfleet data key v1 hospital-a/fleet-a/PUMP-0001 version 3".getBytes(StandardCharsets.UTF_8);
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource({"ECDSA_P256, 1, 65", "ECDSA_P384, 2, 97"})
  void wrapsToAnEcDeviceKeyAndUnwrapsWithIt(KeyAlgorithm algorithm, int suite, int encLength)
      throws Exception {
    KeyPair device = TestKeys.of(algorithm);
    byte[] dataKey = DataKeyWrap.newDataKey();

    byte[] wrapped = DataKeyWrap.wrap(device.getPublic(), dataKey, INFO);

    assertThat(dataKey).hasSize(32);
    assertThat(wrapped[0]).isEqualTo((byte) suite);
    assertThat(wrapped).hasSize(1 + encLength + 32 + 16);
    assertThat(wrapped[1]).as("uncompressed point").isEqualTo((byte) 0x04);
    assertThat(DataKeyWrap.unwrap(device.getPrivate(), wrapped, INFO)).isEqualTo(dataKey);
    assertThat(DataKeyWrap.wrap(device.getPublic(), dataKey, INFO))
        .as("a fresh ephemeral key every time")
        .isNotEqualTo(wrapped);
  }

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"ECDSA_P256", "ECDSA_P384"})
  void anotherKeyOfTheSameCurveCannotUnwrap(KeyAlgorithm algorithm) {
    byte[] wrapped =
        DataKeyWrap.wrap(TestKeys.of(algorithm).getPublic(), DataKeyWrap.newDataKey(), INFO);
    KeyPair other = KeyPairs.generate(algorithm);

    assertThatExceptionOfType(DataKeyUnwrapException.class)
        .isThrownBy(() -> DataKeyWrap.unwrap(other.getPrivate(), wrapped, INFO))
        .withMessageContaining("wrong key or tampered data");
  }

  @Test
  void aKeyOfAnotherTypeCannotUnwrap() {
    byte[] wrapped =
        DataKeyWrap.wrap(
            TestKeys.of(KeyAlgorithm.ECDSA_P256).getPublic(), DataKeyWrap.newDataKey(), INFO);

    for (KeyAlgorithm other : new KeyAlgorithm[] {KeyAlgorithm.ECDSA_P384, KeyAlgorithm.ED25519}) {
      assertThatExceptionOfType(DataKeyUnwrapException.class)
          .isThrownBy(() -> DataKeyWrap.unwrap(TestKeys.of(other).getPrivate(), wrapped, INFO))
          .withMessageContaining("P-256");
    }
  }

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"ECDSA_P256", "ECDSA_P384", "RSA_3072"})
  void flippingAnyByteMakesUnwrapFail(KeyAlgorithm algorithm) throws Exception {
    KeyPair device = TestKeys.of(algorithm);
    byte[] wrapped = DataKeyWrap.wrap(device.getPublic(), DataKeyWrap.newDataKey(), INFO);

    int step = algorithm == KeyAlgorithm.RSA_3072 ? 7 : 1; // RSA decryption is slower
    for (int i = 0; i < wrapped.length; i += step) {
      byte[] tampered = wrapped.clone();
      tampered[i] ^= 0x01;
      int at = i;
      assertThatExceptionOfType(DataKeyUnwrapException.class)
          .as("byte %d of %d flipped", at, wrapped.length)
          .isThrownBy(() -> DataKeyWrap.unwrap(device.getPrivate(), tampered, INFO));
    }
    assertThat(DataKeyWrap.unwrap(device.getPrivate(), wrapped, INFO)).hasSize(32);
  }

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"ECDSA_P256", "RSA_3072"})
  void anotherInfoOrATruncationMakesUnwrapFail(KeyAlgorithm algorithm) {
    KeyPair device = TestKeys.of(algorithm);
    byte[] wrapped = DataKeyWrap.wrap(device.getPublic(), DataKeyWrap.newDataKey(), INFO);
    byte[] truncated = java.util.Arrays.copyOf(wrapped, wrapped.length - 1);

    assertThatExceptionOfType(DataKeyUnwrapException.class)
        .isThrownBy(() -> DataKeyWrap.unwrap(device.getPrivate(), wrapped, "other".getBytes()));
    assertThatExceptionOfType(DataKeyUnwrapException.class)
        .isThrownBy(() -> DataKeyWrap.unwrap(device.getPrivate(), truncated, INFO));
    assertThatExceptionOfType(DataKeyUnwrapException.class)
        .isThrownBy(() -> DataKeyWrap.unwrap(device.getPrivate(), new byte[] {1}, INFO));
  }

  @Test
  void unknownSuiteIsRefused() {
    byte[] wrapped =
        DataKeyWrap.wrap(
            TestKeys.of(KeyAlgorithm.ECDSA_P256).getPublic(), DataKeyWrap.newDataKey(), INFO);
    wrapped[0] = 0x7f;

    assertThatExceptionOfType(DataKeyUnwrapException.class)
        .isThrownBy(
            () ->
                DataKeyWrap.unwrap(
                    TestKeys.of(KeyAlgorithm.ECDSA_P256).getPrivate(), wrapped, INFO))
        .withMessageContaining("0x7f");
  }

  @Test
  void ed25519KeysCannotReceiveDataKeys() {
    assertThatExceptionOfType(UnsupportedOperationException.class)
        .isThrownBy(
            () ->
                DataKeyWrap.wrap(
                    TestKeys.of(KeyAlgorithm.ED25519).getPublic(), DataKeyWrap.newDataKey(), INFO))
        .withMessageContaining("cannot be wrapped for Ed25519");
  }

  @Test
  void otherCurvesCannotReceiveDataKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Providers.bouncyCastle());
    generator.initialize(new ECGenParameterSpec("secp256k1"));

    assertThatExceptionOfType(UnsupportedOperationException.class)
        .isThrownBy(
            () ->
                DataKeyWrap.wrap(
                    generator.generateKeyPair().getPublic(), DataKeyWrap.newDataKey(), INFO))
        .withMessageContaining("secp256k1");
  }

  @Test
  void rsaUsesOaepThatOpensslCanDecryptAndProduce() throws Exception {
    KeyPair device = TestKeys.of(KeyAlgorithm.RSA_3072);
    byte[] dataKey = DataKeyWrap.newDataKey();
    byte[] wrapped = DataKeyWrap.wrap(device.getPublic(), dataKey, INFO);
    OpenSsl.write(dir, "device.key", Pem.privateKey(device.getPrivate()));
    OpenSsl.write(dir, "device.pub", Pem.publicKey(device.getPublic()));
    Files.write(dir.resolve("wrapped.bin"), java.util.Arrays.copyOfRange(wrapped, 1, wrapped.length));
    String[] oaep = {
      "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha256",
      "-pkeyopt", "rsa_mgf1_md:sha256", "-pkeyopt", "rsa_oaep_label:" + HEX.formatHex(INFO)
    };

    assertThat(wrapped[0]).isEqualTo(DataKeyWrap.SUITE_RSA_OAEP_SHA256);
    assertThat(wrapped).hasSize(1 + 384);
    assertThat(DataKeyWrap.unwrap(device.getPrivate(), wrapped, INFO)).isEqualTo(dataKey);
    OpenSsl.ok(dir, concat(new String[] {"pkeyutl", "-decrypt", "-inkey", "device.key",
        "-in", "wrapped.bin", "-out", "plain.bin"}, oaep));
    assertThat(Files.readAllBytes(dir.resolve("plain.bin"))).isEqualTo(dataKey);

    Files.write(dir.resolve("other.bin"), dataKey);
    OpenSsl.ok(dir, concat(new String[] {"pkeyutl", "-encrypt", "-pubin", "-inkey", "device.pub",
        "-in", "other.bin", "-out", "other.wrapped"}, oaep));
    byte[] fromOpenssl = Files.readAllBytes(dir.resolve("other.wrapped"));
    byte[] framed = new byte[1 + fromOpenssl.length];
    framed[0] = DataKeyWrap.SUITE_RSA_OAEP_SHA256;
    System.arraycopy(fromOpenssl, 0, framed, 1, fromOpenssl.length);
    assertThat(DataKeyWrap.unwrap(device.getPrivate(), framed, INFO)).isEqualTo(dataKey);
  }

  @Test
  void rsaPlaintextIsBoundedByTheModulus() throws Exception {
    KeyPair device = TestKeys.of(KeyAlgorithm.RSA_3072);

    assertThat(DataKeyWrap.unwrap(device.getPrivate(),
            DataKeyWrap.wrap(device.getPublic(), new byte[318], null), null))
        .hasSize(318);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DataKeyWrap.wrap(device.getPublic(), new byte[319], INFO))
        .withMessageContaining("at most 318 bytes");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"ECDSA_P256, 1", "ECDSA_P384, 2"})
  void anIndependentRfc9180ImplementationAgreesBothWays(KeyAlgorithm algorithm, int suite)
      throws Exception {
    assumeThat(HpkeReference.available(dir)).as("python3 with cryptography").isTrue();
    KeyPair device = TestKeys.of(algorithm);
    byte[] dataKey = DataKeyWrap.newDataKey();
    OpenSsl.write(dir, "device.key", Pem.privateKey(device.getPrivate()));
    OpenSsl.write(dir, "device.pub", Pem.publicKey(device.getPublic()));

    byte[] wrapped = DataKeyWrap.wrap(device.getPublic(), dataKey, INFO);
    String opened =
        HpkeReference.run(dir, "open", "device.key", HEX.formatHex(wrapped), HEX.formatHex(INFO));
    assertThat(opened).isEqualTo(HEX.formatHex(dataKey));

    String sealed =
        HpkeReference.run(dir, "seal", "device.pub", Integer.toString(suite),
            HEX.formatHex(dataKey), HEX.formatHex(INFO));
    assertThat(DataKeyWrap.unwrap(device.getPrivate(), HEX.parseHex(sealed), INFO))
        .isEqualTo(dataKey);
  }

  @Test
  void newDataKeysAreRandom() {
    assertThat(DataKeyWrap.newDataKey()).hasSize(32).isNotEqualTo(DataKeyWrap.newDataKey());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
