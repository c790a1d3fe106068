package io.keyfleet.api.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the product documentation (README.md, docs/, the chart's README) leads
 * to a file that exists and, for a Markdown file with an anchor, to one of its headings. Links to
 * other sites are not followed (no network).
 */
class DocsLinksTest {
  static final Path ROOT = Path.of(System.getProperty("keyfleet.root", "..")).toAbsolutePath().normalize();

  static List<Path> documents() throws IOException {
    List<Path> documents = new ArrayList<>();
    documents.add(ROOT.resolve("README.md"));
    try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    Path chart = ROOT.resolve("charts/keyfleet/README.md");
    if (Files.exists(chart)) {
      documents.add(chart);
    }
    return documents;
  }

  @Test
  void everyRelativeLinkInTheDocumentationResolves() throws IOException {
    BrokenLinks links = new BrokenLinks(ROOT);
    List<String> broken = new ArrayList<>();
    for (Path document : documents()) {
      broken.addAll(links.in(document));
    }
    assertThat(broken)
        .withFailMessage("%d broken links in the documentation:%n%s", broken.size(), String.join("\n", broken))
        .isEmpty();
  }

  @Test
  void theDocumentationIsFound() throws IOException {
    assertThat(documents())
        .as("documents checked (is keyfleet.root the repository?)")
        .contains(ROOT.resolve("README.md"), ROOT.resolve("docs/design.md"), ROOT.resolve("docs/reference/README.md"));
  }
}
