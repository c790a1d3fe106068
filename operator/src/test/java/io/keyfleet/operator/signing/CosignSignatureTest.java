package io.keyfleet.operator.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import io.keyfleet.operator.oci.Digests;
import io.keyfleet.operator.pki.KeyPairs;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.testing.Openssl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CosignSignatureTest {
  static final String REPOSITORY = "127.0.0.1:5000/fleets/pumps";
  static final String DIGEST = "sha256:" + "3c".repeat(32);

  @TempDir Path dir;

  @Test
  void thePayloadIsTheSimpleSigningDocumentByteForByte() {
    byte[] payload = CosignSignature.payload(REPOSITORY, DIGEST, Map.of("keyfleet.io/sequence", "7"));

    assertThat(new String(payload, StandardCharsets.US_ASCII))
        .isEqualTo(
            "{\"critical\":{\"identity\":{\"docker-reference\":\"127.0.0.1:5000/fleets/pumps\"},"
                + "\"image\":{\"docker-manifest-digest\":\"" + DIGEST + "\"},"
                + "\"type\":\"cosign container image signature\"},"
                + "\"optional\":{\"keyfleet.io/sequence\":\"7\"}}");
  }

  @Test
  void thePayloadIsStableWhateverTheOrderOfOptionalClaims() {
    Map<String, String> one = new LinkedHashMap<>();
    one.put("keyfleet.io/sequence", "7");
    one.put("keyfleet.io/campaign", "pump-2-4-1");
    Map<String, String> other = new LinkedHashMap<>();
    other.put("keyfleet.io/campaign", "pump-2-4-1");
    other.put("keyfleet.io/sequence", "7");

    byte[] first = CosignSignature.payload(REPOSITORY, DIGEST, one);

    assertThat(CosignSignature.payload(REPOSITORY, DIGEST, other)).isEqualTo(first);
    assertThat(CosignSignature.payload(REPOSITORY, DIGEST, one)).isEqualTo(first);
    assertThat(new String(first, StandardCharsets.US_ASCII))
        .contains("\"optional\":{\"keyfleet.io/campaign\":\"pump-2-4-1\",\"keyfleet.io/sequence\":\"7\"}");
  }

  @Test
  void withoutOptionalClaimsOptionalIsNullAsCosignWritesIt() {
    assertThat(new String(CosignSignature.payload(REPOSITORY, DIGEST, Map.of()), StandardCharsets.US_ASCII))
        .endsWith(",\"optional\":null}");
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1:5000/fleets/pumps@sha256:aa, " + "sha256:3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c",
    "127.0.0.1:5000/fleets/pumps,            sha256:abc",
    "127.0.0.1:5000/fleets/pumps,            sha512:3c",
  })
  void refusesADigestedRepositoryOrABadDigest(String repository, String digest) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CosignSignature.payload(repository, digest, Map.of()));
  }

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"ECDSA_P256", "ED25519"})
  void signaturesRoundTripAndOpensslAgrees(KeyAlgorithm algorithm) throws Exception {
    KeyPair pair = KeyPairs.generate(algorithm);
    byte[] payload = CosignSignature.payload(REPOSITORY, DIGEST, Map.of());

    String signature = CosignSignature.sign(payload, pair.getPrivate());

    assertThat(CosignSignature.verify(payload, signature, pair.getPublic())).isTrue();
    Files.write(dir.resolve("payload.json"), payload);
    Files.write(dir.resolve("sig.bin"), Base64.getDecoder().decode(signature));
    Files.writeString(dir.resolve("pub.pem"), Pem.publicKey(pair.getPublic()));
    Openssl.Result openssl =
        algorithm == KeyAlgorithm.ED25519
            ? Openssl.run(dir, "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin",
                "-in", "payload.json", "-sigfile", "sig.bin")
            : Openssl.run(dir, "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.bin",
                "payload.json");
    assertThat(openssl.exitCode()).as(openssl.output()).isZero();
    assertThat(openssl.output()).contains("Verified");
  }

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"ECDSA_P256", "ED25519"})
  void anyAlteredPayloadByteFailsVerification(KeyAlgorithm algorithm) {
    KeyPair pair = KeyPairs.generate(algorithm);
    byte[] payload = CosignSignature.payload(REPOSITORY, DIGEST, Map.of("keyfleet.io/sequence", "7"));
    String signature = CosignSignature.sign(payload, pair.getPrivate());

    for (int i = 0; i < payload.length; i++) {
      byte[] altered = payload.clone();
      altered[i] ^= 0x01;
      assertThat(CosignSignature.verify(altered, signature, pair.getPublic()))
          .as("payload byte %d altered", i)
          .isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"ECDSA_P256", "ED25519"})
  void anyAlteredSignatureByteFailsVerification(KeyAlgorithm algorithm) {
    KeyPair pair = KeyPairs.generate(algorithm);
    byte[] payload = CosignSignature.payload(REPOSITORY, DIGEST, Map.of());
    byte[] signature = Base64.getDecoder().decode(CosignSignature.sign(payload, pair.getPrivate()));

    for (int i = 0; i < signature.length; i++) {
      byte[] altered = signature.clone();
      altered[i] ^= 0x01;
      assertThat(CosignSignature.verify(payload, Base64.getEncoder().encodeToString(altered), pair.getPublic()))
          .as("signature byte %d altered", i)
          .isFalse();
    }
    assertThat(CosignSignature.verify(payload, "not base64!", pair.getPublic())).isFalse();
    assertThat(CosignSignature.verify(payload, null, pair.getPublic())).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"ECDSA_P256, ECDSA_P256", "ED25519, ED25519", "ECDSA_P256, ED25519", "ED25519, ECDSA_P256"})
  void anotherKeyDoesNotVerify(KeyAlgorithm signer, KeyAlgorithm verifier) {
    byte[] payload = CosignSignature.payload(REPOSITORY, DIGEST, Map.of());
    String signature = CosignSignature.sign(payload, KeyPairs.generate(signer).getPrivate());

    assertThat(CosignSignature.verify(payload, signature, KeyPairs.generate(verifier).getPublic())).isFalse();
  }

  @Test
  void keysFromTheJdkProviderWorkToo() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", "SunEC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair sunEc = ec.generateKeyPair();
    KeyPair sunEd = KeyPairGenerator.getInstance("Ed25519", "SunEC").generateKeyPair();
    byte[] payload = CosignSignature.payload(REPOSITORY, DIGEST, Map.of());

    for (KeyPair pair : new KeyPair[] {sunEc, sunEd}) {
      String signature = CosignSignature.sign(payload, pair.getPrivate());
      assertThat(CosignSignature.verify(payload, signature, pair.getPublic())).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"ECDSA_P384", "RSA_3072"})
  void otherAlgorithmsAreRefused(KeyAlgorithm algorithm) {
    KeyPair pair = KeyPairs.generate(algorithm);
    byte[] payload = CosignSignature.payload(REPOSITORY, DIGEST, Map.of());

    assertThatIllegalArgumentException()
        .isThrownBy(() -> CosignSignature.sign(payload, pair.getPrivate()))
        .withMessageContaining("must be ECDSA P-256 or Ed25519");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CosignSignature.verify(payload, "AAAA", pair.getPublic()));
  }

  @Test
  void theSignatureTagIsDerivedFromTheDigest() {
    assertThat(CosignSignature.signatureTag(DIGEST)).isEqualTo("sha256-" + "3c".repeat(32) + ".sig");
    assertThat(Digests.hex(DIGEST)).hasSize(64);
  }
}
