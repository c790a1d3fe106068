package io.keyfleet.operator.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdateManifestTest {
  static UpdateManifest manifest(long sequence) {
    Instant issued = Instant.parse("2026-06-01T10:00:00Z");
    return UpdateManifest.of("pumps", "icu", "x2-2.4.1", sequence, "2.4.1", false,
        new UpdateManifest.Artifact("127.0.0.1:5000/firmware/x2:2.4.1", "sha256:" + "ab".repeat(32), 1234, "application/vnd.oci.image.manifest.v1+json"),
        List.of("pump-x2"), "2.0.0", issued, issued.plusSeconds(3600));
  }

  @Test
  void theSameFactsGiveTheSameBytes() {
    assertThat(manifest(7).toBytes()).isEqualTo(manifest(7).toBytes());
    assertThat(manifest(8).toBytes()).isNotEqualTo(manifest(7).toBytes());
    assertThat(UpdateManifest.parse(manifest(7).toBytes())).isEqualTo(manifest(7));
  }

  @Test
  void carriesWhatDevicesCheck() {
    String json = new String(manifest(7).toBytes(), StandardCharsets.UTF_8);
    assertThat(json).startsWith("{\"schemaVersion\":1,\"fleet\":{\"namespace\":\"pumps\",\"name\":\"icu\"},\"campaign\":\"x2-2.4.1\",\"sequence\":7,");
    assertThat(json).contains("\"digest\":\"sha256:abab").contains("\"minimumVersion\":\"2.0.0\"").contains("\"expiresAt\":\"2026-06-01T11:00:00Z\"")
        .doesNotContain("rollback");
    var model = manifest(7).models().get(0);
    assertThat(model.classId()).as("SUIT-style class id: a name-based UUID (v5)").matches("[0-9a-f-]{14}5[0-9a-f-]{21}");
    assertThat(manifest(7).models()).isEqualTo(manifest(8).models());
  }
}
