package io.keyfleet.api.docs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The link destinations of a Markdown file, each with the line it starts on: inline links and
 * images ({@code [text](dest "title")}, {@code ![alt](dest)}), reference definitions
 * ({@code [label]: dest}) and the {@code href}/{@code src} of HTML tags. Nothing inside code is a
 * link, and link text may span lines and hold brackets of its own.
 */
final class MarkdownLinks {
  /** A destination as written (angle brackets and escapes removed), and the line of its link. */
  record Link(int line, String destination) {}

  private static final String TEXT = "[^\\[\\]]*(?:\\[[^\\[\\]]*\\][^\\[\\]]*)*";
  private static final Pattern INLINE =
      Pattern.compile(
          "!?\\[" + TEXT + "\\]\\(\\s*(?:<([^<>\\n]*)>|((?:[^\\s()]|\\([^\\s()]*\\))*))"
              + "(?:\\s+(?:\"[^\"]*\"|'[^']*'|\\([^()]*\\)))?\\s*\\)");
  private static final Pattern DEFINITION =
      Pattern.compile("(?m)^ {0,3}\\[(?!\\^)" + TEXT + "\\]:[ \\t]*(?:\\n[ \\t]*)?(?:<([^<>\\n]*)>|(\\S+))");
  private static final Pattern HTML_ATTRIBUTE =
      Pattern.compile("<(?:a|img)\\s[^>]*?\\b(?:href|src)\\s*=\\s*[\"']([^\"']*)[\"']", Pattern.CASE_INSENSITIVE);
  private static final Pattern ESCAPE = Pattern.compile("\\\\(\\p{Punct})");

  private MarkdownLinks() {}

  static List<Link> in(String markdown) {
    String masked = MarkdownText.masked(markdown);
    List<Link> links = new ArrayList<>();
    collect(INLINE, masked, markdown, links);
    collect(DEFINITION, masked, markdown, links);
    Matcher html = HTML_ATTRIBUTE.matcher(masked);
    while (html.find()) {
      links.add(new Link(MarkdownText.lineOf(masked, html.start()), markdown.substring(html.start(1), html.end(1))));
    }
    links.sort(Comparator.comparingInt(Link::line));
    return links;
  }

  private static void collect(Pattern pattern, String masked, String original, List<Link> out) {
    Matcher m = pattern.matcher(masked);
    while (m.find()) {
      int group = m.start(1) >= 0 ? 1 : 2;
      // Read the destination from the original: masking blanked its escapes.
      String destination = original.substring(m.start(group), m.end(group));
      out.add(new Link(MarkdownText.lineOf(masked, m.start()), ESCAPE.matcher(destination).replaceAll("$1")));
    }
  }
}
