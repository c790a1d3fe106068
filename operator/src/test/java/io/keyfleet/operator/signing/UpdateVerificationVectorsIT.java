package io.keyfleet.operator.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import io.keyfleet.connector.DeviceFacts;
import io.keyfleet.connector.Refusal;
import io.keyfleet.connector.SignedUpdate;
import io.keyfleet.connector.UpdateVerifier;
import io.keyfleet.connector.Verdict;
import io.keyfleet.connector.registry.RegistryReader;
import io.keyfleet.operator.campaign.UpdateManifest;
import io.keyfleet.operator.oci.OciRegistry;
import io.keyfleet.operator.oci.PublishedArtifact;
import io.keyfleet.operator.oci.RegistrySettings;
import io.keyfleet.operator.oci.ResolvedArtifact;
import io.keyfleet.operator.pki.KeyPairs;
import io.keyfleet.operator.testing.LocalControlPlane;
import io.keyfleet.operator.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector SDK's verification chain against test vectors made by the operator's own signer
 * ({@link UpdateManifest}, {@link SignaturePublisher}) and published to the real registry: each
 * vector is right in all but one respect, the SDK fetches it ({@link RegistryReader}) and refuses
 * it with that respect's reason, and cosign, as an independent verifier, agrees on every
 * signature: it accepts those the fleet key made and refuses the others.
 */
class UpdateVerificationVectorsIT {
  static final Instant ISSUED = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  static final DeviceFacts DEVICE = new DeviceFacts("icu", "pumps", "pump-x2", 6, "2.3.7", false);

  static String repository;
  static OciRegistry registry;
  static ResolvedArtifact firmware;
  static SigningKey fleetKey;
  static SigningKey otherKey;
  static Path dir;

  @BeforeAll
  static void firmware() throws Exception {
    LocalControlPlane plane = LocalControlPlane.get();
    repository = plane.registry() + "/keyfleet/vectors-" + UUID.randomUUID().toString().substring(0, 8);
    dir = Files.createTempDirectory("vectors");
    Files.writeString(dir.resolve("pump-x2.bin"), "firmware 2.4.1");
    var pushed = Tools.run("oras", dir, "push", "--plain-http", "--artifact-type", "application/vnd.example.firmware.v1",
        repository + ":2.4.1", "pump-x2.bin");
    assertThat(pushed.exitCode()).as(pushed.output()).isZero();
    registry = new OciRegistry(RegistrySettings.anonymous(repository, true));
    firmware = registry.resolve(repository + ":2.4.1");
    fleetKey = key();
    otherKey = key();
    Files.writeString(dir.resolve("fleet.pub"), pem(fleetKey.publicKey()));
  }

  static SigningKey key() {
    KeyPair pair = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    return SigningKey.of(pair.getPublic(), pair.getPrivate(), ISSUED);
  }

  static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  /** The fields of a manifest a vector may change. */
  static final class Fields {
    String fleetName = "pumps";
    long sequence = 7;
    List<String> models = List.of("pump-x2");
    String minimumVersion = "2.0.0";
    String mediaType = UpdateManifest.MEDIA_TYPE;
    SigningKey signer = fleetKey;
  }

  /** A vector: published with the operator's code, its digest, and what the SDK fetched. */
  record Vector(String reference, String digest, SignedUpdate fetched) {}

  static Vector publish(Consumer<Fields> change) throws Exception {
    Fields f = new Fields();
    change.accept(f);
    UpdateManifest manifest = UpdateManifest.of("icu", f.fleetName, "x2-2.4.1", f.sequence, "2.4.1", false,
        new UpdateManifest.Artifact(repository + ":2.4.1", firmware.digest(), firmware.size(), firmware.mediaType()), f.models,
        f.minimumVersion, ISSUED, ISSUED.plusSeconds(180L * 24 * 3600));
    PublishedArtifact pushed = registry.publishManifest(repository, manifest.toBytes(), f.mediaType, firmware, Map.of());
    new SignaturePublisher(registry).publish(pushed, f.signer, Map.of());
    return new Vector(pushed.reference(), pushed.digest(), new RegistryReader().fetchUpdate(pushed.reference()));
  }

  static Verdict verify(Vector v, DeviceFacts device, Instant now) {
    return UpdateVerifier.fromTrustPem(pem(fleetKey.publicKey())).verify(v.digest(), v.fetched(), device, now);
  }

  static int cosign(String reference) {
    var r = Tools.run("cosign", dir, "verify", "--key", "fleet.pub", "--insecure-ignore-tlog=true", "--allow-http-registry", reference);
    return r.exitCode();
  }

  @Test
  void aManifestTheOperatorSignedIsAcceptedBySdkAndCosign() throws Exception {
    Vector v = publish(f -> { });
    Verdict verdict = verify(v, DEVICE, NOW);
    assertThat(verdict.accepted()).as(verdict.message()).isTrue();
    assertThat(verdict.update().artifactDigest()).isEqualTo(firmware.digest());
    assertThat(verdict.update().artifactRef()).isEqualTo(repository + "@" + firmware.digest());
    assertThat(cosign(v.reference())).isZero();
  }

  @Test
  void aManifestSignedWithAnotherKeyIsRefusedBySdkAndCosign() throws Exception {
    Vector v = publish(f -> f.signer = otherKey);
    assertThat(verify(v, DEVICE, NOW).refusal()).contains(Refusal.BAD_SIGNATURE);
    assertThat(cosign(v.reference())).isNotZero();
  }

  @Test
  void aSignatureCopiedFromAnotherManifestIsRefusedBySdkAndCosign() throws Exception {
    Vector genuine = publish(f -> { });
    Vector target = publish(f -> f.sequence = 8);
    // The attacker copies the genuine manifest's signature to the other one's signature tag.
    byte[] payload = CosignSignature.payload(repository, genuine.digest(), Map.of());
    String signature = CosignSignature.sign(payload, fleetKey.privateKey().orElseThrow());
    registry.push(repository, CosignSignature.signatureTag(target.digest()), SignaturePublisher.signatureManifest(payload, signature));
    Vector copied = new Vector(target.reference(), target.digest(), new RegistryReader().fetchUpdate(target.reference()));
    assertThat(verify(copied, DEVICE, NOW).refusal()).contains(Refusal.SIGNATURE_FOR_ANOTHER_MANIFEST);
    assertThat(cosign(copied.reference())).isNotZero();
  }

  @Test
  void everyOtherFlawIsRefusedWithItsReasonThoughCosignAcceptsTheSignature() throws Exception {
    Map<Refusal, Verdict> verdicts = new java.util.EnumMap<>(Refusal.class);
    Vector wrongFleet = publish(f -> f.fleetName = "ward-b");
    verdicts.put(Refusal.WRONG_FLEET, verify(wrongFleet, DEVICE, NOW));
    Vector wrongModel = publish(f -> f.models = List.of("pump-x1"));
    verdicts.put(Refusal.WRONG_MODEL, verify(wrongModel, DEVICE, NOW));
    Vector replayed = publish(f -> f.sequence = 6);
    verdicts.put(Refusal.NOT_NEWER, verify(replayed, DEVICE, NOW));
    Vector minimum = publish(f -> f.minimumVersion = "2.4.0");
    verdicts.put(Refusal.BELOW_MINIMUM_VERSION, verify(minimum, DEVICE, NOW));
    Vector malformed = publish(f -> f.mediaType = "application/json");
    verdicts.put(Refusal.MALFORMED, verify(malformed, DEVICE, NOW));
    Vector good = publish(f -> { });
    verdicts.put(Refusal.EXPIRED, verify(good, DEVICE, ISSUED.plusSeconds(181L * 24 * 3600)));
    verdicts.put(Refusal.REVOKED, verify(good, new DeviceFacts("icu", "pumps", "pump-x2", 6, "2.3.7", true), NOW));
    verdicts.put(Refusal.DIGEST_MISMATCH, UpdateVerifier.fromTrustPem(pem(fleetKey.publicKey()))
        .verify(wrongFleet.digest(), good.fetched(), DEVICE, NOW));
    verdicts.put(Refusal.NO_TRUSTED_KEY, new UpdateVerifier(List.of()).verify(good.digest(), good.fetched(), DEVICE, NOW));
    verdicts.forEach((expected, verdict) -> assertThat(verdict.refusal()).as("%s: %s", expected, verdict.message()).isEqualTo(Optional.of(expected)));
    for (Vector v : List.of(wrongFleet, wrongModel, replayed, minimum, malformed, good)) {
      assertThat(cosign(v.reference())).as("cosign verifies the operator's signature on %s", v.reference()).isZero();
    }
    // Together with the two tests above: every refusal but FIRMWARE_MISMATCH (checked while the
    // firmware downloads; RegistryReaderTest) comes from a vector of the operator's signer.
    assertThat(verdicts.keySet()).hasSize(Refusal.values().length - 3);
  }
}
