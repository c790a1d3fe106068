package io.keyfleet.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class KeyPairsTest {
  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void generatesEachAlgorithmAndRecognisesIt(KeyAlgorithm algorithm) {
    KeyPair pair = TestKeys.of(algorithm);

    assertThat(KeyPairs.algorithmOf(pair.getPublic())).isEqualTo(algorithm);
    assertThat(SignatureAlgorithms.isPair(pair.getPublic(), pair.getPrivate())).isTrue();
    switch (algorithm) {
      case ECDSA_P256, ECDSA_P384 -> assertThat(
              ((ECPublicKey) pair.getPublic()).getParams().getCurve().getField().getFieldSize())
          .isEqualTo(algorithm == KeyAlgorithm.ECDSA_P256 ? 256 : 384);
      case RSA_3072, RSA_4096 -> assertThat(
              ((RSAPublicKey) pair.getPublic()).getModulus().bitLength())
          .isEqualTo(algorithm == KeyAlgorithm.RSA_3072 ? 3072 : 4096);
      case ED25519 -> assertThat(pair.getPublic().getAlgorithm()).isEqualTo("Ed25519");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyAlgorithm.class,
      names = {"ECDSA_P256", "ECDSA_P384", "ED25519"})
  void everyGenerationIsFresh(KeyAlgorithm algorithm) {
    assertThat(KeyPairs.generate(algorithm).getPublic().getEncoded())
        .isNotEqualTo(KeyPairs.generate(algorithm).getPublic().getEncoded());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "secp256k1, secp256k1",
    "secp224r1, 224",
    "secp521r1, 521",
  })
  void rejectsOtherCurvesNamingThem(String curve, String mentioned) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Providers.bouncyCastle());
    generator.initialize(new ECGenParameterSpec(curve));
    PublicKey key = generator.generateKeyPair().getPublic();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> KeyPairs.algorithmOf(key))
        .withMessageContaining(mentioned)
        .withMessageContaining("EC");
  }

  @Test
  void rejectsRsa2048NamingTheSize() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KeyPairs.algorithmOf(TestKeys.rsa2048().getPublic()))
        .withMessageContaining("RSA-2048");
  }

  static Stream<Arguments> otherKeyTypes() {
    return Stream.of(Arguments.of("X25519", "1.3.101.110"), Arguments.of("Ed448", "1.3.101.113"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherKeyTypes")
  void rejectsOtherKeyTypes(String type, String oid) throws Exception {
    PublicKey key =
        KeyPairGenerator.getInstance(type, Providers.bouncyCastle()).generateKeyPair().getPublic();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> KeyPairs.algorithmOf(key))
        .withMessageContaining(oid);
  }

  @Test
  void recognisesKeysFromTheJdkProviderToo() throws Exception {
    KeyPairGenerator sunEc = KeyPairGenerator.getInstance("EC", "SunEC");
    sunEc.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPairGenerator sunEd = KeyPairGenerator.getInstance("Ed25519", "SunEC");

    assertThat(KeyPairs.algorithmOf(sunEc.generateKeyPair().getPublic()))
        .isEqualTo(KeyAlgorithm.ECDSA_P384);
    assertThat(KeyPairs.algorithmOf(sunEd.generateKeyPair().getPublic()))
        .isEqualTo(KeyAlgorithm.ED25519);
  }
}
