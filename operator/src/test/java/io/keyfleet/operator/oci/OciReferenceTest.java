package io.keyfleet.operator.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OciReferenceTest {
  static final String DIGEST = "sha256:" + "ab".repeat(32);

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "127.0.0.1:5000/fleets/pumps:1.0,            127.0.0.1:5000, fleets/pumps, 1.0, ",
    "reg.example.com/firmware/pump-x2:2.4.1,      reg.example.com, firmware/pump-x2, 2.4.1, ",
    "localhost:5000/a@DIGEST,                     localhost:5000, a, , DIGEST",
    "reg.example.com/a/b/c:v1@DIGEST,             reg.example.com, a/b/c, v1, DIGEST",
    "reg.example.com/a:sha256-HEX.sig,            reg.example.com, a, sha256-HEX.sig, ",
  })
  void parses(String reference, String registry, String path, String tag, String digest) {
    String hex = DIGEST.substring(7);
    OciReference ref = OciReference.parse(reference.replace("DIGEST", DIGEST).replace("HEX", hex));

    assertThat(ref.registry()).isEqualTo(registry);
    assertThat(ref.path()).isEqualTo(path);
    assertThat(ref.tag()).isEqualTo(tag == null ? null : tag.replace("HEX", hex));
    assertThat(ref.digest()).isEqualTo(digest == null ? null : DIGEST);
    assertThat(ref.toString()).isEqualTo(reference.replace("DIGEST", DIGEST).replace("HEX", hex));
    assertThat(ref.repository()).isEqualTo(registry + "/" + path);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "pumps:1.0", // no registry host
        "reg.example.com/fleets/pumps", // neither tag nor digest
        "reg.example.com/Fleets/pumps:1", // upper case path
        "reg.example.com/a@sha256:abc", // short digest
        "reg.example.com/a@md5:" + "ab", // another algorithm
        "",
      })
  void refusesWhatIsNotAQualifiedReference(String reference) {
    assertThatIllegalArgumentException().isThrownBy(() -> OciReference.parse(reference));
  }

  @ParameterizedTest
  @ValueSource(strings = {"reg.example.com", "reg.example.com/a:1", "/a", "reg.example.com/a@" + "x"})
  void repositoriesHaveAHostAndAPathOnly(String repository) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RegistrySettings.anonymous(repository, false))
        .withMessageContaining("host[:port]/path");
  }
}
