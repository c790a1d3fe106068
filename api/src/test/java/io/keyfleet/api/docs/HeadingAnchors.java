package io.keyfleet.api.docs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The anchors a link may point to in a Markdown file as GitHub renders it: one per heading (ATX
 * {@code ## Title} and setext, underlined with = or -), numbered where they repeat, and the
 * {@code id} or {@code name} of HTML elements. Headings inside code blocks do not count.
 */
final class HeadingAnchors {
  private static final Pattern ATX = Pattern.compile("^ {0,3}#{1,6}(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
  private static final Pattern SETEXT_UNDERLINE = Pattern.compile("^ {0,3}(?:=+|-+)[ \\t]*$");
  private static final Pattern NOT_A_PARAGRAPH =
      Pattern.compile("^(?:\\s*$| {0,3}(?:#|>|[-*+][ \\t]|\\d+[.)][ \\t]|\\||-{3,}|\\*{3,}|_{3,}|<)| {4})");
  private static final Pattern HTML_ID = Pattern.compile("<[A-Za-z][^>]*?\\s(?:id|name)\\s*=\\s*[\"']([^\"']+)[\"']");

  private HeadingAnchors() {}

  static Set<String> of(String markdown) {
    String text = MarkdownText.withoutCodeBlocks(markdown);
    GithubSlugs slugs = new GithubSlugs();
    Set<String> anchors = new LinkedHashSet<>();
    List<String> paragraph = new ArrayList<>();
    for (String line : text.lines().toList()) {
      Matcher atx = ATX.matcher(line);
      if (atx.matches()) {
        anchors.add(slugs.next(atx.group(1) == null ? "" : atx.group(1)));
        paragraph.clear();
      } else if (!paragraph.isEmpty() && SETEXT_UNDERLINE.matcher(line).matches()) {
        // The underline makes the paragraph above it, all its lines, a heading.
        anchors.add(slugs.next(String.join(" ", paragraph)));
        paragraph.clear();
      } else if (NOT_A_PARAGRAPH.matcher(line).find()) {
        paragraph.clear();
      } else {
        paragraph.add(line.strip());
      }
    }
    Matcher ids = HTML_ID.matcher(MarkdownText.masked(markdown));
    while (ids.find()) {
      anchors.add(ids.group(1));
    }
    return anchors;
  }
}
