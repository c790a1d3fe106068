package io.keyfleet.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.keyfleet.api.reference.CrdReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API reference in docs/reference is generated from the CRDs and must never drift. It is
 * generated from the CRDs exactly as {@link GeneratedCrdsTest} finishes them from the Java types
 * (the content crds/ must have), not from the committed files, so that one run of
 * e2e/bin/regenerate rewrites both whatever order the two tests run in. Run with
 * -Dkeyfleet.regenerate=true (or e2e/bin/regenerate) to rewrite the committed pages.
 */
class GeneratedReferenceTest {
  static final Path REFERENCE = GeneratedCrdsTest.ROOT.resolve("docs/reference");
  private static SortedMap<String, String> pages;

  static synchronized SortedMap<String, String> pages() {
    if (pages == null) {
      List<JsonNode> crds = GeneratedCrdsTest.kinds().map(GeneratedReferenceTest::crd).toList();
      pages = CrdReference.render(crds);
    }
    return pages;
  }

  /** With -Dkeyfleet.regenerate=true, rewrites the folder before any test compares it. */
  @BeforeAll
  static void regenerate() throws IOException {
    if (!GeneratedCrdsTest.REGENERATE) {
      return;
    }
    Files.createDirectories(REFERENCE);
    try (Stream<Path> files = Files.list(REFERENCE)) {
      for (Path file : files.toList()) {
        if (!pages().containsKey(file.getFileName().toString())) {
          Files.delete(file);
        }
      }
    }
    for (Map.Entry<String, String> page : pages().entrySet()) {
      Files.writeString(REFERENCE.resolve(page.getKey()), page.getValue());
    }
  }

  static Stream<String> pageNames() {
    return pages().keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("pageNames")
  void committedPageMatchesTheCrds(String name) {
    Path committed = REFERENCE.resolve(name);
    assertThat(committed)
        .as("%s is stale: run e2e/bin/regenerate and commit the result", committed)
        .exists()
        .content()
        .isEqualTo(pages().get(name));
  }

  @Test
  void noOtherPagesAreCommitted() throws IOException {
    try (Stream<Path> files = Files.list(REFERENCE)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .as("files in %s (a page of a kind that no longer exists? run e2e/bin/regenerate)", REFERENCE)
          .containsExactlyElementsOf(pages().keySet());
    }
  }

  private static JsonNode crd(Class<?> kind) {
    String plural = HasMetadata.getPlural(kind);
    Path generated = GeneratedCrdsTest.GENERATED.resolve(plural + "." + KeyfleetApi.GROUP + "-v1.yml");
    try {
      return GeneratedCrdsTest.YAML.readTree(GeneratedCrdsTest.finish(kind, generated));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
