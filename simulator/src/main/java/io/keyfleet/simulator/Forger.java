package io.keyfleet.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyfleet.connector.SignedUpdate;
import io.keyfleet.connector.UpdateVerifier;
import io.keyfleet.connector.registry.ImageReference;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The simulated attacker's forgery: a copy of a genuine update manifest that points the device at
 * other firmware, published as an OCI artifact with a cosign-format signature made with the
 * attacker's own P-256 key, which no device trusts. Returns the forged manifest's reference.
 */
final class Forger {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String EMPTY_CONFIG_TYPE = "application/vnd.oci.empty.v1+json";
  static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
  private final KeyPair attacker;

  Forger() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      attacker = g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Plants a forged manifest next to the genuine one and returns its {@code repository@digest}. */
  String forge(String genuineRef, SignedUpdate genuine, String device) throws Exception {
    ImageReference ref = ImageReference.parse(genuineRef);
    RegistryWriter registry = new RegistryWriter(ref.registry(), ref.repository());
    ObjectNode manifest = (ObjectNode) JSON.readTree(genuine.updateManifest());
    byte[] malware = ("malicious firmware for " + device).getBytes(StandardCharsets.UTF_8);
    String malwareDigest = registry.blob(malware);
    ((ObjectNode) manifest.path("artifact")).put("digest", malwareDigest);
    manifest.put("sequence", manifest.path("sequence").asLong() + 1000);
    byte[] layer = JSON.writeValueAsBytes(manifest);
    String layerDigest = registry.blob(layer);
    String configDigest = registry.blob("{}".getBytes(StandardCharsets.UTF_8));
    byte[] oci = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"artifactType\":\"" + UpdateVerifier.MEDIA_TYPE
        + "\",\"config\":{\"mediaType\":\"" + EMPTY_CONFIG_TYPE + "\",\"digest\":\"" + configDigest + "\",\"size\":2},"
        + "\"layers\":[{\"mediaType\":\"" + UpdateVerifier.MEDIA_TYPE + "\",\"digest\":\"" + layerDigest + "\",\"size\":" + layer.length + "}]}")
        .getBytes(StandardCharsets.UTF_8);
    String digest = RegistryWriter.digest(oci);
    registry.manifest(oci, "application/vnd.oci.image.manifest.v1+json", digest);
    byte[] payload = ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + ref.registry() + "/" + ref.repository() + "\"},"
        + "\"image\":{\"docker-manifest-digest\":\"" + digest + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}")
        .getBytes(StandardCharsets.UTF_8);
    String payloadDigest = registry.blob(payload);
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(attacker.getPrivate());
    s.update(payload);
    String signature = Base64.getEncoder().encodeToString(s.sign());
    byte[] signatureManifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"" + EMPTY_CONFIG_TYPE + "\",\"digest\":\"" + configDigest + "\",\"size\":2},"
        + "\"layers\":[{\"mediaType\":\"" + SIMPLE_SIGNING + "\",\"digest\":\"" + payloadDigest + "\",\"size\":" + payload.length
        + ",\"annotations\":{\"dev.cosignproject.cosign/signature\":\"" + signature + "\"}}]}").getBytes(StandardCharsets.UTF_8);
    registry.manifest(signatureManifest, "application/vnd.oci.image.manifest.v1+json", digest.replace(':', '-') + ".sig");
    return ref.registry() + "/" + ref.repository() + "@" + digest;
  }
}
