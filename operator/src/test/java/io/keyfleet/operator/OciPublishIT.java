package io.keyfleet.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import io.keyfleet.operator.oci.CanonicalJson;
import io.keyfleet.operator.oci.Digests;
import io.keyfleet.operator.oci.OciBlob;
import io.keyfleet.operator.oci.OciManifest;
import io.keyfleet.operator.oci.OciRegistry;
import io.keyfleet.operator.oci.PublishedArtifact;
import io.keyfleet.operator.oci.Referrer;
import io.keyfleet.operator.oci.RegistrySettings;
import io.keyfleet.operator.oci.ResolvedArtifact;
import io.keyfleet.operator.pki.KeyPairs;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.signing.CosignSignature;
import io.keyfleet.operator.signing.PublishedSignature;
import io.keyfleet.operator.signing.SignaturePublisher;
import io.keyfleet.operator.signing.SigningKey;
import io.keyfleet.operator.testing.LocalControlPlane;
import io.keyfleet.operator.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Update manifests published to the real olareg registry of the local control plane and signed,
 * checked by cosign and oras as independent parties: the manifest is stored byte for byte under
 * the digest we computed, the referrers API lists it under the firmware's digest, {@code cosign
 * verify --key} accepts the signature offline, and rejects it once the signature, the manifest or
 * the key is not the genuine one.
 */
class OciPublishIT {
  static final String UPDATE = "application/vnd.keyfleet.update-manifest.v1+json";
  static final String FIRMWARE = "application/vnd.example.firmware.v1";

  static String repository;
  static OciRegistry registry;
  static byte[] firmwareImage;
  static PublishedArtifact pushedFirmware;
  static ResolvedArtifact firmware;

  @BeforeAll
  static void pushFirmware() throws Exception {
    String host = LocalControlPlane.get().registry();
    repository = host + "/it-" + UUID.randomUUID().toString().substring(0, 8) + "/pumps";
    registry = new OciRegistry(RegistrySettings.anonymous(repository, true));
    firmwareImage = new byte[64 * 1024];
    new SecureRandom().nextBytes(firmwareImage);
    OciManifest manifest =
        OciManifest.artifact(
            FIRMWARE,
            OciBlob.of("application/octet-stream", firmwareImage, Map.of("org.opencontainers.image.title", "pump-x2-2.4.1.bin")),
            null,
            Map.of("org.opencontainers.image.version", "2.4.1"));
    pushedFirmware = registry.push(repository, "2.4.1", manifest);
    firmware = registry.resolve(repository + ":2.4.1");
  }

  @Test
  void aTagResolvesToTheDigestOfTheStoredManifest(@TempDir Path dir) throws Exception {
    assertThat(firmware.digest()).isEqualTo(pushedFirmware.digest());
    assertThat(firmware.size()).isEqualTo(pushedFirmware.size());
    assertThat(firmware.mediaType()).isEqualTo(OciManifest.MEDIA_TYPE);
    assertThat(firmware.artifactType()).isEqualTo(FIRMWARE);
    assertThat(registry.resolve(firmware.reference())).isEqualTo(firmware);

    Tools.Result resolved = Tools.run("oras", dir, "resolve", "--plain-http", repository + ":2.4.1");
    assertThat(resolved.exitCode()).as(resolved.output()).isZero();
    assertThat(resolved.output().trim()).isEqualTo(firmware.digest());
    JsonNode layer = CanonicalJson.parse(registry.fetchManifest(firmware.reference()), "firmware").path("layers").get(0);
    assertThat(registry.fetchBlob(repository, layer.path("digest").asText())).isEqualTo(firmwareImage);
  }

  @Test
  void aPublishedManifestIsStoredByteForByteListedAsReferrerAndIdempotent(@TempDir Path dir) throws Exception {
    byte[] payload = updateManifest(1);

    PublishedArtifact published = registry.publishManifest(repository, payload, UPDATE, firmware, Map.of("io.keyfleet.sequence", "1"));
    PublishedArtifact again = registry.publishManifest(repository, payload.clone(), UPDATE, firmware, Map.of("io.keyfleet.sequence", "1"));

    assertThat(again).isEqualTo(published);
    byte[] stored = registry.fetchManifest(published.reference());
    assertThat(Digests.sha256(stored)).isEqualTo(published.digest());
    assertThat((long) stored.length).isEqualTo(published.size());
    JsonNode json = CanonicalJson.parse(stored, "manifest");
    assertThat(json.path("artifactType").asText()).isEqualTo(UPDATE);
    assertThat(json.path("config").path("mediaType").asText()).isEqualTo("application/vnd.oci.empty.v1+json");
    assertThat(json.path("subject").path("digest").asText()).isEqualTo(firmware.digest());
    assertThat(json.path("layers")).hasSize(1);
    assertThat(registry.fetchBlob(repository, json.path("layers").get(0).path("digest").asText())).isEqualTo(payload);

    List<Referrer> referrers = registry.referrers(firmware, UPDATE);
    assertThat(referrers).filteredOn(r -> r.digest().equals(published.digest())).singleElement()
        .satisfies(r -> {
          assertThat(r.artifactType()).isEqualTo(UPDATE);
          assertThat(r.size()).isEqualTo(published.size());
          assertThat(r.annotations()).containsEntry("io.keyfleet.sequence", "1");
        });
    Tools.Result discover =
        Tools.run("oras", dir, "discover", "--plain-http", "--format", "json", "--artifact-type", UPDATE, firmware.reference());
    assertThat(discover.exitCode()).as(discover.output()).isZero();
    assertThat(discover.output()).contains(published.digest());
  }

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"ECDSA_P256", "ED25519"})
  void cosignVerifiesTheSignatureOfflineAndRejectsEveryTampering(KeyAlgorithm algorithm, @TempDir Path dir) throws Exception {
    String sequence = algorithm == KeyAlgorithm.ED25519 ? "21" : "20";
    PublishedArtifact published =
        registry.publishManifest(repository, updateManifest(Integer.parseInt(sequence)), UPDATE, firmware, Map.of("io.keyfleet.sequence", sequence));
    SigningKey key = signingKey(algorithm);
    Files.writeString(dir.resolve("update.pub"), Pem.publicKey(key.publicKey()));
    Files.writeString(dir.resolve("other.pub"), Pem.publicKey(signingKey(algorithm).publicKey()));
    SignaturePublisher publisher = new SignaturePublisher(registry);
    Map<String, String> claims = Map.of("keyfleet.io/sequence", sequence);

    PublishedSignature signature = publisher.publish(published, key, claims);

    String tag = CosignSignature.signatureTag(published.digest());
    assertThat(signature.reference()).isEqualTo(repository + ":" + tag);
    assertThat(signature.keyId()).isEqualTo(SigningKey.idOf(key.publicKey()));
    Tools.Result verified = cosignVerify(dir, "update.pub", published.reference());
    assertThat(verified.exitCode()).as(verified.output()).isZero();
    assertThat(verified.output())
        .contains("\"docker-manifest-digest\":\"" + published.digest() + "\"")
        .contains("\"keyfleet.io/sequence\":\"" + sequence + "\"");
    assertThat(publisher.publish(published, key, claims)).as("signing again keeps the signature").isEqualTo(signature);

    Tools.Result otherKey = cosignVerify(dir, "other.pub", published.reference());
    assertThat(otherKey.exitCode()).as("another key: " + otherKey.output()).isNotZero();
    assertThat(otherKey.output()).contains("no matching signatures");

    // The signature altered in the registry: one byte of it changed, pushed under the same tag.
    byte[] payload = CosignSignature.payload(repository, published.digest(), claims);
    String genuine = signatureIn(signature.reference());
    assertThat(CosignSignature.verify(payload, genuine, key.publicKey())).isTrue();
    byte[] altered = Base64.getDecoder().decode(genuine);
    altered[altered.length / 2] ^= 0x01;
    registry.push(repository, tag, SignaturePublisher.signatureManifest(payload, Base64.getEncoder().encodeToString(altered)));
    Tools.Result tamperedSignature = cosignVerify(dir, "update.pub", published.reference());
    assertThat(tamperedSignature.exitCode()).as("altered signature: " + tamperedSignature.output()).isNotZero();
    assertThat(tamperedSignature.output()).contains("no matching signatures");

    // Publishing again notices the signature no longer verifies and signs anew.
    PublishedSignature repaired = publisher.publish(published, key, claims);
    assertThat(repaired.digest()).isNotEqualTo(Digests.sha256(
        SignaturePublisher.signatureManifest(payload, Base64.getEncoder().encodeToString(altered)).bytes()));
    Tools.Result afterRepair = cosignVerify(dir, "update.pub", published.reference());
    assertThat(afterRepair.exitCode()).as(afterRepair.output()).isZero();

    // The manifest altered by one byte (a new manifest, so a new digest), with the genuine
    // signature copied next to it, as an attacker would: cosign must refuse it.
    OciManifest original =
        OciManifest.artifact(UPDATE, OciBlob.of(UPDATE, updateManifest(Integer.parseInt(sequence))), firmware, Map.of("io.keyfleet.sequence", sequence));
    OciManifest forged =
        OciManifest.artifact(UPDATE, OciBlob.of(UPDATE, updateManifest(Integer.parseInt(sequence))), firmware, Map.of("io.keyfleet.sequence", "9" + sequence.substring(1)));
    assertThat(original.digest()).isEqualTo(published.digest());
    assertThat(differingBytes(original.bytes(), forged.bytes())).isEqualTo(1);
    PublishedArtifact forgedArtifact = registry.push(repository, null, forged);
    Tools.Result unsigned = cosignVerify(dir, "update.pub", forgedArtifact.reference());
    assertThat(unsigned.exitCode()).as("altered manifest, no signature: " + unsigned.output()).isNotZero();
    assertThat(unsigned.output()).contains("no signatures found");
    String genuineNow = signatureIn(repaired.reference());
    registry.push(
        repository,
        CosignSignature.signatureTag(forgedArtifact.digest()),
        SignaturePublisher.signatureManifest(payload, genuineNow));
    Tools.Result copied = cosignVerify(dir, "update.pub", forgedArtifact.reference());
    assertThat(copied.exitCode()).as("altered manifest, copied signature: " + copied.output()).isNotZero();
    assertThat(copied.output()).contains("invalid or missing digest in claim: " + published.digest());
    assertThat(cosignVerify(dir, "update.pub", published.reference()).exitCode()).isZero();
  }

  private static Tools.Result cosignVerify(Path dir, String publicKey, String reference) {
    return Tools.run(
        "cosign", dir, "verify", "--key", publicKey, "--insecure-ignore-tlog=true", "--allow-http-registry", reference);
  }

  /** The base64 signature in the first layer of a .sig manifest. */
  private static String signatureIn(String reference) throws Exception {
    JsonNode json = CanonicalJson.parse(registry.fetchManifest(reference), "signature manifest");
    return json.path("layers").get(0).path("annotations").path(CosignSignature.SIGNATURE_ANNOTATION).asText();
  }

  private static SigningKey signingKey(KeyAlgorithm algorithm) {
    KeyPair pair = KeyPairs.generate(algorithm);
    return SigningKey.of(pair.getPublic(), pair.getPrivate(), Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** A stand-in for the update manifest JSON the campaign reconciler writes. */
  private static byte[] updateManifest(int sequence) {
    return ("{\"fleet\":\"pumps\",\"sequence\":" + sequence + ",\"version\":\"2.4.1\",\"artifact\":{\"digest\":\""
            + firmware.digest() + "\"}}")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static int differingBytes(byte[] a, byte[] b) {
    assertThat(b).hasSameSizeAs(a);
    int differing = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        differing++;
      }
    }
    return differing;
  }
}
