package io.keyfleet.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyfleet.api.v1alpha1.common.FirmwareVersions;
import io.keyfleet.connector.registry.ImageReference;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Verifies an update before anything is installed, in this order: the device is not revoked; the
 * OCI manifest hashes to the assigned digest and its layer to the digest it names; a key of the
 * device's update-trust.pem verifies the cosign signature over the payload, and the payload names
 * this manifest; then the update manifest itself: the device's fleet, its model, a sequence
 * greater than the one installed, not expired, and not above what the running version may take.
 * The first failing check is the refusal.
 */
public final class UpdateVerifier {
  /** Media type of the update manifest (the OCI manifest's layer and artifactType). */
  public static final String MEDIA_TYPE = "application/vnd.keyfleet.update-manifest.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<PublicKey> trusted;

  public UpdateVerifier(List<PublicKey> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  /** A verifier trusting the PUBLIC KEY blocks of a device Secret's update-trust.pem. */
  public static UpdateVerifier fromTrustPem(String pem) {
    return new UpdateVerifier(publicKeys(pem));
  }

  /** @param assignedDigest status.update.manifestDigest of the DeviceIdentity */
  public Verdict verify(String assignedDigest, SignedUpdate update, DeviceFacts device, Instant now) {
    if (device.revoked()) {
      return Verdict.refuse(Refusal.REVOKED, "the device is revoked");
    }
    if (!digest(update.ociManifest()).equals(assignedDigest)) {
      return Verdict.refuse(Refusal.DIGEST_MISMATCH, "the manifest fetched does not hash to " + assignedDigest);
    }
    JsonNode oci;
    JsonNode payload;
    JsonNode manifest;
    try {
      oci = JSON.readTree(update.ociManifest());
      payload = JSON.readTree(update.signaturePayload());
      manifest = JSON.readTree(update.updateManifest());
    } catch (Exception e) {
      return Verdict.refuse(Refusal.MALFORMED, "does not parse as JSON: " + e.getClass().getSimpleName());
    }
    JsonNode layers = oci.path("layers");
    if (!layers.isArray() || layers.size() != 1 || !MEDIA_TYPE.equals(layers.get(0).path("mediaType").asText())) {
      return Verdict.refuse(Refusal.MALFORMED, "the OCI manifest does not have a single " + MEDIA_TYPE + " layer");
    }
    if (!digest(update.updateManifest()).equals(layers.get(0).path("digest").asText())) {
      return Verdict.refuse(Refusal.DIGEST_MISMATCH, "the update manifest does not hash to the layer digest");
    }
    if (trusted.isEmpty()) {
      return Verdict.refuse(Refusal.NO_TRUSTED_KEY, "update-trust.pem holds no key");
    }
    if (trusted.stream().noneMatch(k -> verifies(k, update.signaturePayload(), update.signatureBase64()))) {
      return Verdict.refuse(Refusal.BAD_SIGNATURE, "no key of update-trust.pem verifies the signature");
    }
    String signed = payload.path("critical").path("image").path("docker-manifest-digest").asText();
    if (!assignedDigest.equals(signed)) {
      return Verdict.refuse(Refusal.SIGNATURE_FOR_ANOTHER_MANIFEST, "the signature is for " + signed + ", not " + assignedDigest);
    }
    JsonNode fleet = manifest.path("fleet");
    if (!device.fleetNamespace().equals(fleet.path("namespace").asText()) || !device.fleetName().equals(fleet.path("name").asText())) {
      return Verdict.refuse(Refusal.WRONG_FLEET, "the manifest is for fleet " + fleet.path("namespace").asText() + "/" + fleet.path("name").asText());
    }
    List<String> models = new ArrayList<>();
    manifest.path("models").forEach(m -> models.add(m.path("model").asText()));
    if (!models.contains(device.model())) {
      return Verdict.refuse(Refusal.WRONG_MODEL, "model " + device.model() + " is not among " + models);
    }
    long sequence = manifest.path("sequence").asLong(-1);
    if (sequence <= device.installedSequence()) {
      return Verdict.refuse(Refusal.NOT_NEWER, "sequence " + sequence + " is not greater than the installed " + device.installedSequence());
    }
    try {
      Instant expires = Instant.parse(manifest.path("expiresAt").asText());
      if (!now.isBefore(expires)) {
        return Verdict.refuse(Refusal.EXPIRED, "the manifest expired at " + expires);
      }
    } catch (DateTimeParseException e) {
      return Verdict.refuse(Refusal.MALFORMED, "expiresAt is not a time");
    }
    String minimum = manifest.path("minimumVersion").asText(null);
    if (minimum != null && (device.runningVersion() == null || FirmwareVersions.compare(device.runningVersion(), minimum) < 0)) {
      return Verdict.refuse(Refusal.BELOW_MINIMUM_VERSION, "the device runs " + device.runningVersion() + ", the update needs " + minimum);
    }
    JsonNode artifact = manifest.path("artifact");
    String artifactDigest = artifact.path("digest").asText();
    String artifactRef;
    try {
      artifactRef = ImageReference.parse(artifact.path("reference").asText()).withDigest(artifactDigest).toString();
    } catch (IllegalArgumentException e) {
      return Verdict.refuse(Refusal.MALFORMED, "artifact: " + e.getMessage());
    }
    return Verdict.accept(new VerifiedUpdate(sequence, manifest.path("version").asText(), artifactDigest, artifactRef,
        manifest.path("rollback").asBoolean(false)));
  }

  private static boolean verifies(PublicKey key, byte[] payload, String signatureBase64) {
    try {
      String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "Ed25519";
      Signature s = Signature.getInstance(algorithm);
      s.initVerify(key);
      s.update(payload);
      return s.verify(Base64.getDecoder().decode(signatureBase64));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  static String digest(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The PUBLIC KEY blocks of a PEM text (comment lines and other blocks are skipped). */
  static List<PublicKey> publicKeys(String pem) {
    List<PublicKey> keys = new ArrayList<>();
    String begin = "-----BEGIN PUBLIC KEY-----";
    String end = "-----END PUBLIC KEY-----";
    int from = 0;
    while ((from = pem.indexOf(begin, from)) >= 0) {
      int to = pem.indexOf(end, from);
      if (to < 0) {
        break;
      }
      byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to).getBytes(StandardCharsets.US_ASCII));
      keys.add(parse(der));
      from = to + end.length();
    }
    return keys;
  }

  private static PublicKey parse(byte[] der) {
    for (String algorithm : List.of("EC", "Ed25519", "RSA")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException("a PUBLIC KEY block is not an EC, Ed25519 or RSA key");
  }
}
