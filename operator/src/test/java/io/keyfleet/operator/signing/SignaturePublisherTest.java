package io.keyfleet.operator.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyfleet.operator.oci.CanonicalJson;
import io.keyfleet.operator.oci.Digests;
import io.keyfleet.operator.oci.OciBlob;
import io.keyfleet.operator.oci.OciManifest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignaturePublisherTest {
  @Test
  void theSigManifestHasTheLayoutCosignReads() {
    byte[] payload =
        CosignSignature.payload("127.0.0.1:5000/fleets/pumps", "sha256:" + "5e".repeat(32), Map.of());

    OciManifest manifest = SignaturePublisher.signatureManifest(payload, "MEUCIQ==");
    JsonNode json = CanonicalJson.parse(manifest.bytes(), "manifest");

    assertThat(json.path("mediaType").asText()).isEqualTo(OciManifest.MEDIA_TYPE);
    assertThat(json.has("artifactType")).isFalse();
    assertThat(json.path("layers")).hasSize(1);
    JsonNode layer = json.path("layers").get(0);
    assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
    assertThat(layer.path("digest").asText()).isEqualTo(Digests.sha256(payload));
    assertThat(layer.path("annotations").path("dev.cosignproject.cosign/signature").asText()).isEqualTo("MEUCIQ==");
    assertThat(json.path("config").path("mediaType").asText()).isEqualTo("application/vnd.oci.image.config.v1+json");
    OciBlob config = manifest.blobs().get(0);
    assertThat(new String(config.content(), StandardCharsets.US_ASCII))
        .isEqualTo(
            "{\"architecture\":\"\",\"config\":{},\"created\":\"0001-01-01T00:00:00Z\","
                + "\"history\":[{\"created\":\"0001-01-01T00:00:00Z\"}],\"os\":\"\","
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digests.sha256(payload) + "\"]}}");
    assertThat(manifest.blobs().get(1).content()).isEqualTo(payload);
    assertThat(SignaturePublisher.signatureManifest(payload, "MEUCIQ==").bytes()).isEqualTo(manifest.bytes());
  }
}
