package io.keyfleet.connector.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
  static final String DIGEST = "sha256:9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c";
  static final String OTHER_DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

  @Test
  void parsesHostPortRepositoryAndTag() {
    ImageReference ref = ImageReference.parse("127.0.0.1:5000/keyfleet/icu:2.4.1");

    assertThat(ref.registry()).isEqualTo("127.0.0.1:5000");
    assertThat(ref.repository()).isEqualTo("keyfleet/icu");
    assertThat(ref.tag()).isEqualTo("2.4.1");
    assertThat(ref.digest()).isNull();
    assertThat(ref.manifestReference()).isEqualTo("2.4.1");
  }

  @Test
  void parsesRepositoryAtDigest() {
    ImageReference ref = ImageReference.parse("registry.example.com/keyfleet/icu@" + DIGEST);

    assertThat(ref.registry()).isEqualTo("registry.example.com");
    assertThat(ref.repository()).isEqualTo("keyfleet/icu");
    assertThat(ref.tag()).isNull();
    assertThat(ref.digest()).isEqualTo(DIGEST);
    assertThat(ref.manifestReference()).isEqualTo(DIGEST);
  }

  @Test
  void parsesTagAndDigestTogetherAndAsksForTheDigest() {
    ImageReference ref = ImageReference.parse("localhost:5000/fw/pump-x2:v1@" + DIGEST);

    assertThat(ref.registry()).isEqualTo("localhost:5000");
    assertThat(ref.repository()).isEqualTo("fw/pump-x2");
    assertThat(ref.tag()).isEqualTo("v1");
    assertThat(ref.digest()).isEqualTo(DIGEST);
    assertThat(ref.manifestReference()).isEqualTo(DIGEST);
  }

  @Test
  void parsesRegistryWithoutPort() {
    ImageReference ref = ImageReference.parse("registry.example.com/icu:1.0");

    assertThat(ref.registry()).isEqualTo("registry.example.com");
    assertThat(ref.repository()).isEqualTo("icu");
    assertThat(ref.tag()).isEqualTo("1.0");
  }

  @Test
  void acceptsRepositoryComponentsWithSeparators() {
    ImageReference ref = ImageReference.parse("r.example.com/a.b/c__d/e--f_g:t");

    assertThat(ref.repository()).isEqualTo("a.b/c__d/e--f_g");
  }

  @ParameterizedTest
  @ValueSource(strings = {"icu:1.0", "icu@" + DIGEST, "/icu:1.0"})
  void refusesAReferenceWithoutRegistryHost(String reference) {
    assertThatThrownBy(() -> ImageReference.parse(reference))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("registry host")
        .hasMessageContaining(reference);
  }

  @ParameterizedTest
  @ValueSource(strings = {"registry.example.com/icu", "127.0.0.1:5000/keyfleet/icu"})
  void refusesAReferenceWithoutTagOrDigest(String reference) {
    assertThatThrownBy(() -> ImageReference.parse(reference))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tag or a digest")
        .hasMessageContaining(reference);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "sha256:abc", // too short
      "sha512:9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c", // another algorithm
      "sha256:9F0C9F0C9F0C9F0C9F0C9F0C9F0C9F0C9F0C9F0C9F0C9F0C9F0C9F0C9F0C9F0C", // upper-case hex
      "sha256:9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0cff", // too long
      "sha256:zz0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c9f0c", // not hex
      ""})
  void refusesABadDigest(String digest) {
    assertThatThrownBy(() -> ImageReference.parse("registry.example.com/icu@" + digest))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a sha256 digest");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Keyfleet/icu", "keyfleet/ICU", "keyfleet//icu", "keyfleet/icu/", "-icu", "icu-", "keyfleet/.icu"})
  void refusesABadRepositoryName(String repository) {
    assertThatThrownBy(() -> ImageReference.parse("registry.example.com/" + repository + ":1.0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an OCI repository name")
        .hasMessageContaining(repository);
  }

  @ParameterizedTest
  @ValueSource(strings = {".hidden", "-dash", "a+b"})
  void refusesABadTag(String tag) {
    assertThatThrownBy(() -> ImageReference.parse("registry.example.com/icu:" + tag))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an OCI tag");
  }

  @Test
  void refusesAnEmptyTagAndATagOfMoreThan128Characters() {
    assertThatThrownBy(() -> ImageReference.parse("registry.example.com/icu:")).isInstanceOf(IllegalArgumentException.class);
    assertThat(ImageReference.parse("registry.example.com/icu:" + "a".repeat(128)).tag()).hasSize(128);
    assertThatThrownBy(() -> ImageReference.parse("registry.example.com/icu:" + "a".repeat(129)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an OCI tag");
  }

  @ParameterizedTest
  @CsvSource({
      "127.0.0.1:5000, true",
      "127.0.0.1, true",
      "127.1.2.3:80, true",
      "localhost:5000, true",
      "LOCALHOST:5000, true",
      "localhost, true",
      "'[::1]:5000', true",
      "'[::1]', true",
      "registry.example.com, false",
      "registry.example.com:5000, false",
      "localhost.example.com:5000, false",
      "10.0.0.1:5000, false",
      "128.0.0.1:5000, false",
      "'[2001:db8::1]:5000', false",
      "127.example.com, false",
      "127.0.0.1.nip.io:5000, false",
      "127.0.0.256:5000, false"})
  void loopbackOnlyForThisMachine(String registry, boolean loopback) {
    assertThat(ImageReference.parse(registry + "/icu:1.0").loopback()).as(registry).isEqualTo(loopback);
  }

  @Test
  void withDigestReplacesTagAndDigest() {
    ImageReference ref = ImageReference.parse("registry.example.com:5000/keyfleet/icu:2.4.1@" + DIGEST);

    ImageReference moved = ref.withDigest(OTHER_DIGEST);

    assertThat(moved).isEqualTo(new ImageReference("registry.example.com:5000", "keyfleet/icu", null, OTHER_DIGEST));
    assertThat(moved.toString()).isEqualTo("registry.example.com:5000/keyfleet/icu@" + OTHER_DIGEST);
    assertThatThrownBy(() -> ref.withDigest("sha256:nothex")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withTagReplacesTagAndDigest() {
    ImageReference ref = ImageReference.parse("registry.example.com/keyfleet/icu@" + DIGEST);

    ImageReference signature = ref.withTag(DIGEST.replace(':', '-') + ".sig");

    assertThat(signature.digest()).isNull();
    assertThat(signature.manifestReference()).isEqualTo("sha256-" + "9f0c".repeat(16) + ".sig");
    assertThat(signature.toString()).isEqualTo("registry.example.com/keyfleet/icu:sha256-" + "9f0c".repeat(16) + ".sig");
    assertThatThrownBy(() -> ref.withTag("bad tag")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "127.0.0.1:5000/keyfleet/icu:2.4.1",
      "registry.example.com/keyfleet/icu@" + DIGEST,
      "localhost:5000/fw/pump-x2:v1@" + DIGEST,
      "[::1]:5000/icu:latest",
      "registry.example.com/a/b/c/d:1"})
  void toStringGivesBackWhatWasParsed(String reference) {
    ImageReference ref = ImageReference.parse(reference);

    assertThat(ref.toString()).isEqualTo(reference);
    assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
  }
}
