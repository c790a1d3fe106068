package io.keyfleet.api.reference;

/**
 * Escaping for the generated Markdown. Schema text is written by people and may hold characters
 * that Markdown would read as syntax (a cron expression's stars, a placeholder such as
 * {@code <hex>} that GitHub would drop as an HTML tag, a pipe that would split a table cell), so
 * every such character is escaped; the escapes are reversible, which lets a test read the tables
 * back.
 */
final class Markdown {
  private static final String SYNTAX = "\\`*_[]<>|&";

  private Markdown() {}

  /** Plain text for a paragraph or a table cell: one line, Markdown syntax escaped. */
  static String text(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (String line : s.strip().split("\n", -1)) {
      if (out.length() > 0) {
        out.append("<br>");
      }
      for (char c : line.toCharArray()) {
        if (SYNTAX.indexOf(c) >= 0) {
          out.append('\\');
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A code span outside tables. */
  static String code(String s) {
    String oneLine = s.strip().replace('\n', ' ');
    String fence = "`".repeat(longestBacktickRun(oneLine) + 1);
    String padding = oneLine.startsWith("`") || oneLine.endsWith("`") ? " " : "";
    return fence + padding + oneLine + padding + fence;
  }

  /** A code span inside a table cell, where GitHub reads an unescaped pipe as the cell's end. */
  static String cellCode(String s) {
    return code(s.replace("|", "\\|"));
  }

  private static int longestBacktickRun(String s) {
    int longest = 0;
    int run = 0;
    for (char c : s.toCharArray()) {
      run = c == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return longest;
  }
}
