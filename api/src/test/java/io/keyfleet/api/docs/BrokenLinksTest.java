package io.keyfleet.api.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokenLinksTest {
  @TempDir Path root;

  @Test
  void reportsEachBrokenLinkWithFileLineAndReason() throws IOException {
    Files.createDirectories(root.resolve("docs/reference"));
    Files.createDirectories(root.resolve("crds"));
    Files.writeString(root.resolve("docs/design.md"), "# Design\n\n## The update manifest\n");
    Files.writeString(root.resolve("docs/reference/README.md"), "# API reference\n");
    Files.writeString(root.resolve("LICENSE"), "text\n");
    Files.writeString(
        root.resolve("README.md"),
        """
        # Keyfleet

        ## Quick start

        Fine: [design](docs/design.md), [manifest](docs/design.md#the-update-manifest),
        [reference](docs/reference/), [crds](crds), [licence](LICENSE#L1), [here](#quick-start),
        [from the root](/docs/design.md), [space](docs/design.md?plain=1#design),
        [site](https://example.com/missing.md), [mail](mailto:a@example.com).

        Broken: [gone](docs/gone.md), [anchor](docs/design.md#the-update-manifests),
        [here](#quick-start-guide), [up](../outside.md), [empty]().
        """);
    assertThat(new BrokenLinks(root).in(root.resolve("README.md")))
        .containsExactly(
            "README.md:10: docs/gone.md: no such file or folder docs/gone.md",
            "README.md:10: docs/design.md#the-update-manifests: no heading in docs/design.md has the anchor #the-update-manifests",
            "README.md:11: #quick-start-guide: no heading in README.md has the anchor #quick-start-guide",
            "README.md:11: ../outside.md: points out of the repository",
            "README.md:11: : empty link");
  }

  @Test
  void linksAreResolvedFromTheFolderOfTheirFile() throws IOException {
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve("docs/a.md"), "[b](b.md#b) [readme](../README.md) [wrong](docs/b.md)\n");
    Files.writeString(root.resolve("docs/b.md"), "# B\n");
    Files.writeString(root.resolve("README.md"), "# R\n");
    assertThat(new BrokenLinks(root).in(root.resolve("docs/a.md")))
        .containsExactly("docs/a.md:1: docs/b.md: no such file or folder docs/docs/b.md");
  }
}
