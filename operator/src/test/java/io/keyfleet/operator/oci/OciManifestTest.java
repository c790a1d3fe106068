package io.keyfleet.operator.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OciManifestTest {
  static final String UPDATE = "application/vnd.keyfleet.update-manifest.v1+json";
  static final ResolvedArtifact FIRMWARE =
      new ResolvedArtifact(
          "127.0.0.1:5000/fleets/pumps",
          "sha256:" + "1f".repeat(32),
          481,
          OciManifest.MEDIA_TYPE,
          "application/vnd.example.firmware.v1");

  @Test
  void anArtifactHasExactlyTheOci11Shape() {
    byte[] payload = "{\"sequence\":7}".getBytes(StandardCharsets.US_ASCII);
    OciManifest manifest =
        OciManifest.artifact(UPDATE, OciBlob.of(UPDATE, payload), FIRMWARE, Map.of("b", "2", "a", "1"));

    assertThat(new String(manifest.bytes(), StandardCharsets.US_ASCII))
        .isEqualTo(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"" + UPDATE + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\","
                + "\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},"
                + "\"layers\":[{\"mediaType\":\"" + UPDATE + "\",\"digest\":\"" + Digests.sha256(payload)
                + "\",\"size\":14}],"
                + "\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
                + FIRMWARE.digest() + "\",\"size\":481},"
                + "\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}");
    assertThat(manifest.digest()).isEqualTo(Digests.sha256(manifest.bytes()));
    assertThat(manifest.size()).isEqualTo(manifest.bytes().length);
    assertThat(manifest.blobs()).extracting(OciBlob::mediaType)
        .containsExactly(OciManifest.EMPTY_CONFIG_MEDIA_TYPE, UPDATE);
    assertThat(manifest.blobs().get(0).content()).isEqualTo("{}".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void theSameInputGivesTheSameBytesWhateverTheMapOrder() {
    Map<String, String> forward = new LinkedHashMap<>();
    forward.put("org.opencontainers.image.version", "2.4.1");
    forward.put("io.keyfleet.sequence", "7");
    Map<String, String> reverse = new TreeMap<>(forward).descendingMap();
    byte[] payload = {1, 2, 3};

    OciManifest first = OciManifest.artifact(UPDATE, OciBlob.of(UPDATE, payload), FIRMWARE, forward);
    OciManifest second = OciManifest.artifact(UPDATE, OciBlob.of(UPDATE, payload.clone()), FIRMWARE, reverse);

    assertThat(second.bytes()).isEqualTo(first.bytes());
    assertThat(second.digest()).isEqualTo(first.digest());
  }

  @Test
  void nonAsciiTextIsEscapedSoTheBytesDoNotDependOnTheCharset() {
    OciManifest manifest =
        OciManifest.artifact(
            UPDATE, OciBlob.of(UPDATE, new byte[] {0}), null, Map.of("description", "Infusionspumpe Größe M"));

    String json = new String(manifest.bytes(), StandardCharsets.ISO_8859_1);
    assertThat(json).contains("Gr\\u00F6\\u00DFe M").doesNotContain("\"subject\"");
    for (byte b : manifest.bytes()) {
      assertThat(b).isBetween((byte) 0x20, (byte) 0x7e);
    }
  }

  @Test
  void anImageHasItsConfigAndNoArtifactType() {
    OciBlob config = OciBlob.of("application/vnd.oci.image.config.v1+json", "{\"os\":\"\"}".getBytes(StandardCharsets.US_ASCII));
    OciBlob layer = OciBlob.of("text/plain", new byte[] {'x'}, Map.of("k", "v"));

    String json = new String(OciManifest.image(config, layer, Map.of()).bytes(), StandardCharsets.US_ASCII);

    assertThat(json)
        .doesNotContain("artifactType")
        .doesNotContain("\"annotations\":{}")
        .contains("\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config.digest())
        .contains("\"annotations\":{\"k\":\"v\"}");
  }

  @Test
  void blobsKeepTheirBytes() {
    byte[] content = {(byte) 0xff, 0, 1};
    OciBlob blob = OciBlob.of("application/octet-stream", content);
    content[0] = 7;

    assertThat(blob.content()).containsExactly((byte) 0xff, 0, 1);
    assertThat(blob.digest()).isEqualTo(Digests.sha256(new byte[] {(byte) 0xff, 0, 1}));
    assertThat(blob.size()).isEqualTo(3);
  }

  @Test
  void refusesArtifactsWithoutAType() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OciManifest.artifact(" ", OciBlob.of(UPDATE, new byte[0]), null, Map.of()));
    assertThatIllegalArgumentException().isThrownBy(() -> OciBlob.of("", new byte[0]));
  }
}
