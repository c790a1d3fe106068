package io.keyfleet.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every refusal, each from an update that is right in all but one respect, built and signed here
 * the way the operator publishes them.
 */
class UpdateVerifierTest {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final KeyPair FLEET_KEY = generate("EC");
  static final KeyPair OTHER_KEY = generate("EC");
  static final DeviceFacts DEVICE = new DeviceFacts("icu", "pumps", "pump-x2", 6, "2.3.7", false);

  static KeyPair generate(String algorithm) {
    try {
      return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A manifest, its OCI manifest, payload and signature, with one thing changed per case. */
  record Built(String digest, SignedUpdate update) {}

  static Built build(Refusal wrong) {
    String manifest = "{\"schemaVersion\":1,\"fleet\":{\"namespace\":\"icu\",\"name\":\"" + (wrong == Refusal.WRONG_FLEET ? "ward-b" : "pumps") + "\"},"
        + "\"campaign\":\"x2\",\"sequence\":" + (wrong == Refusal.NOT_NEWER ? 6 : 7) + ",\"version\":\"2.4.1\","
        + "\"artifact\":{\"reference\":\"r/keyfleet/icu:2.4.1\",\"digest\":\"sha256:" + "ab".repeat(32) + "\",\"size\":10,\"mediaType\":\"x\"},"
        + "\"models\":[{\"model\":\"" + (wrong == Refusal.WRONG_MODEL ? "pump-x1" : "pump-x2") + "\"}],"
        + "\"minimumVersion\":\"" + (wrong == Refusal.BELOW_MINIMUM_VERSION ? "2.4.0" : "2.0.0") + "\","
        + "\"issuedAt\":\"2026-05-01T00:00:00Z\",\"expiresAt\":\"" + (wrong == Refusal.EXPIRED ? "2026-05-31T00:00:00Z" : "2026-11-01T00:00:00Z") + "\"}";
    byte[] manifestBytes = manifest.getBytes(StandardCharsets.UTF_8);
    String layerDigest = wrong == Refusal.DIGEST_MISMATCH ? "sha256:" + "00".repeat(32) : UpdateVerifier.digest(manifestBytes);
    String layerType = wrong == Refusal.MALFORMED ? "application/octet-stream" : UpdateVerifier.MEDIA_TYPE;
    String oci = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"artifactType\":\"" + UpdateVerifier.MEDIA_TYPE
        + "\",\"layers\":[{\"mediaType\":\"" + layerType + "\",\"digest\":\"" + layerDigest + "\",\"size\":" + manifestBytes.length + "}]}";
    byte[] ociBytes = oci.getBytes(StandardCharsets.UTF_8);
    String digest = UpdateVerifier.digest(ociBytes);
    String signedDigest = wrong == Refusal.SIGNATURE_FOR_ANOTHER_MANIFEST ? "sha256:" + "cd".repeat(32) : digest;
    byte[] payload = ("{\"critical\":{\"identity\":{\"docker-reference\":\"r/keyfleet/icu\"},\"image\":{\"docker-manifest-digest\":\""
        + signedDigest + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}").getBytes(StandardCharsets.UTF_8);
    String signature = sign(wrong == Refusal.BAD_SIGNATURE ? OTHER_KEY : FLEET_KEY, payload);
    return new Built(digest, new SignedUpdate(ociBytes, manifestBytes, payload, signature));
  }

  static String sign(KeyPair key, byte[] payload) {
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(key.getPrivate());
      s.update(payload);
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(PublicKey key) {
    return "# keyfleet update-signing key\n-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  @Test
  void aCorrectUpdateIsAccepted() {
    Built b = build(null);
    Verdict v = UpdateVerifier.fromTrustPem(pem(OTHER_KEY.getPublic()) + pem(FLEET_KEY.getPublic())).verify(b.digest(), b.update(), DEVICE, NOW);
    assertThat(v.accepted()).as(v.message()).isTrue();
    assertThat(v.update()).isEqualTo(new VerifiedUpdate(7, "2.4.1", "sha256:" + "ab".repeat(32), "r/keyfleet/icu@sha256:" + "ab".repeat(32), false));
  }

  // REVOKED and NO_TRUSTED_KEY come from the device, not the update (below); FIRMWARE_MISMATCH is
  // UpdateAgent's, after the download: the verifier never sees firmware.
  @ParameterizedTest
  @EnumSource(value = Refusal.class, names = {"REVOKED", "NO_TRUSTED_KEY", "FIRMWARE_MISMATCH"}, mode = EnumSource.Mode.EXCLUDE)
  void eachFlawIsRefusedWithItsReason(Refusal wrong) {
    Built b = build(wrong);
    Verdict v = UpdateVerifier.fromTrustPem(pem(FLEET_KEY.getPublic())).verify(b.digest(), b.update(), DEVICE, NOW);
    assertThat(v.refusal()).as(v.message()).isEqualTo(Optional.of(wrong));
  }

  @Test
  void aRevokedDeviceOrOneWithoutTrustInstallsNothing() {
    Built b = build(null);
    var revoked = new DeviceFacts("icu", "pumps", "pump-x2", 6, "2.3.7", true);
    assertThat(UpdateVerifier.fromTrustPem(pem(FLEET_KEY.getPublic())).verify(b.digest(), b.update(), revoked, NOW).refusal())
        .contains(Refusal.REVOKED);
    assertThat(new UpdateVerifier(List.of()).verify(b.digest(), b.update(), DEVICE, NOW).refusal()).contains(Refusal.NO_TRUSTED_KEY);
  }

  @Test
  void anyAlteredByteIsRefused() {
    Built b = build(null);
    UpdateVerifier verifier = UpdateVerifier.fromTrustPem(pem(FLEET_KEY.getPublic()));
    for (byte[] part : List.of(b.update().ociManifest(), b.update().updateManifest(), b.update().signaturePayload())) {
      for (int i = 0; i < part.length; i++) {
        part[i] ^= 0x01;
        assertThat(verifier.verify(b.digest(), b.update(), DEVICE, NOW).accepted()).as("byte %d altered", i).isFalse();
        part[i] ^= 0x01;
      }
    }
    assertThat(verifier.verify(b.digest(), b.update(), DEVICE, NOW).accepted()).isTrue();
  }
}
