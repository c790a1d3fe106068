package io.keyfleet.api.reference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarkdownTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      quoteCharacter = '"',
      value = {
        "plain words, e.g. 90d.; plain words, e.g. 90d.",
        "'0 2 * * *' daily; '0 2 \\* \\* \\*' daily",
        "repository:sha256-<hex>.sig; repository:sha256-\\<hex\\>.sig",
        "a | b; a \\| b",
        "waves[]: one of; waves\\[\\]: one of",
        "snake_case and `code`; snake\\_case and \\`code\\`",
        "a \\ b & c; a \\\\ b \\& c",
      })
  void textEscapesWhatMarkdownWouldReadAsSyntax(String text, String expected) {
    assertThat(Markdown.text(text)).isEqualTo(expected);
  }

  @Test
  void textKeepsLineBreaksOnOneLine() {
    assertThat(Markdown.text("first\nsecond\n")).isEqualTo("first<br>second");
  }

  @Test
  void codeSpanFenceIsLongerThanAnyBacktickRunInside() {
    assertThat(Markdown.code("a")).isEqualTo("`a`");
    assertThat(Markdown.code("a `b` c")).isEqualTo("``a `b` c``");
    assertThat(Markdown.code("`x`")).isEqualTo("`` `x` ``");
    assertThat(Markdown.code("rule\n  && more")).isEqualTo("`rule   && more`");
  }

  @Test
  void cellCodeEscapesPipesSoTheCellDoesNotEnd() {
    assertThat(Markdown.cellCode("^(a|b)$")).isEqualTo("`^(a\\|b)$`");
    assertThat(Markdown.code("^(a|b)$")).isEqualTo("`^(a|b)$`");
  }
}
