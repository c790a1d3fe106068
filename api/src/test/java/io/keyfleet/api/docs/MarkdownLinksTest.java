package io.keyfleet.api.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.docs.MarkdownLinks.Link;
import org.junit.jupiter.api.Test;

class MarkdownLinksTest {
  @Test
  void findsInlineLinksAndImagesWithTheirLine() {
    String md =
        """
        # Title

        See [the design](docs/design.md) and ![a diagram](img/flow.png "Flow").
        Also [concepts](<docs/my concepts.md#status-and-conditions>) and [site](https://example.com).
        """;
    assertThat(MarkdownLinks.in(md))
        .containsExactly(
            new Link(3, "docs/design.md"),
            new Link(3, "img/flow.png"),
            new Link(4, "docs/my concepts.md#status-and-conditions"),
            new Link(4, "https://example.com"));
  }

  @Test
  void linkTextMaySpanLinesAndHoldCodeWithBrackets() {
    String md = "The [benchmark\nfigures](docs/benchmarks.md) and [`[]Object`](#specwaves).\n";
    assertThat(MarkdownLinks.in(md)).containsExactly(new Link(1, "docs/benchmarks.md"), new Link(2, "#specwaves"));
  }

  @Test
  void nothingInCodeIsALink() {
    String md =
        """
        Inline `[not](a-link.md)` and ``[nor](this.md)``, escaped \\[text](plain.md).

        ```markdown
        [inside](a-fence.md)
        ```
        ~~~~
        [inside](a-tilde-fence.md)
        ```
        [still](inside.md)
        ~~~~
        <!-- [commented](out.md) -->
        [after](real.md)
        """;
    assertThat(MarkdownLinks.in(md)).containsExactly(new Link(12, "real.md"));
  }

  @Test
  void findsReferenceDefinitionsAndHtmlLinks() {
    String md =
        """
        Read [the guide][guide].

        [guide]: docs/connector-guide.md#the-device-secret "Guide"
        [^note]: A footnote, not a link.
        <a href="docs/security.md">security</a> <img src='logo.svg' alt="">
        """;
    assertThat(MarkdownLinks.in(md))
        .containsExactly(
            new Link(3, "docs/connector-guide.md#the-device-secret"),
            new Link(5, "docs/security.md"),
            new Link(5, "logo.svg"));
  }

  @Test
  void destinationsMayHoldBalancedParenthesesAndEscapes() {
    assertThat(MarkdownLinks.in("[w](wiki/Foo_(bar).md) [e](a\\_b.md) [empty]()"))
        .containsExactly(new Link(1, "wiki/Foo_(bar).md"), new Link(1, "a_b.md"), new Link(1, ""));
  }
}
