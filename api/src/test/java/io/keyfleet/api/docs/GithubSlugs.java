package io.keyfleet.api.docs;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The anchors GitHub gives a Markdown file's headings (the github-slugger algorithm): the
 * heading's rendered text in lower case, with everything but letters, digits, spaces, hyphens and
 * underscores removed and each space made a hyphen; a repeated anchor gets -1, -2, ... One
 * instance per file, fed the headings in the order they appear.
 */
public final class GithubSlugs {
  private static final Pattern REMOVED = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]");
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
  private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\([^)]*\\)");
  private static final Pattern HTML_TAG = Pattern.compile("</?[A-Za-z][^>]*>");
  private static final Pattern EMPHASIS_UNDERSCORES =
      Pattern.compile("(?<![\\p{L}\\p{N}])_+|_+(?![\\p{L}\\p{N}])");
  private static final Pattern ESCAPE = Pattern.compile("\\\\(\\p{Punct})");

  private final Map<String, Integer> occurrences = new HashMap<>();

  /** The anchor of the next heading, given as written (Markdown inline syntax included). */
  public String next(String heading) {
    String original = slug(heading);
    String anchor = original;
    while (occurrences.containsKey(anchor)) {
      occurrences.merge(original, 1, Integer::sum);
      anchor = original + "-" + occurrences.get(original);
    }
    occurrences.put(anchor, 0);
    return anchor;
  }

  /** The anchor of a heading, without the numbering of repeats. */
  public static String slug(String heading) {
    return REMOVED.matcher(renderedText(heading).toLowerCase(Locale.ROOT)).replaceAll("").replace(' ', '-');
  }

  /** The text GitHub shows for a heading: code spans verbatim, link text, no tags or emphasis marks. */
  static String renderedText(String heading) {
    StringBuilder out = new StringBuilder();
    Matcher code = CODE_SPAN.matcher(heading);
    int from = 0;
    while (code.find()) {
      out.append(inline(heading.substring(from, code.start())));
      out.append(code.group(2).strip());
      from = code.end();
    }
    out.append(inline(heading.substring(from)));
    return out.toString().strip();
  }

  private static String inline(String text) {
    String s = LINK.matcher(text).replaceAll("$1");
    s = HTML_TAG.matcher(s).replaceAll("");
    s = EMPHASIS_UNDERSCORES.matcher(s).replaceAll("");
    return ESCAPE.matcher(s).replaceAll("$1");
  }
}
