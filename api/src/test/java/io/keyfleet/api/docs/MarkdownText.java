package io.keyfleet.api.docs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown text with what cannot hold a link blanked out: fenced code blocks, code spans and HTML
 * comments become spaces of the same length (line breaks kept), backslash escapes become letters
 * (an escaped bracket opens no link, an escaped backtick no code span), so that offsets and line
 * numbers still point into the original and a plain pattern can find the links that remain.
 */
final class MarkdownText {
  private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
  private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);

  private MarkdownText() {}

  /** The text with fenced code blocks blanked; code spans and escapes are left alone. */
  static String withoutCodeBlocks(String markdown) {
    StringBuilder out = new StringBuilder(markdown.length());
    String fence = null;
    for (String line : markdown.split("(?<=\n)", -1)) {
      Matcher opening = FENCE.matcher(line);
      boolean fenceLine = opening.find();
      if (fence == null && fenceLine) {
        fence = opening.group(1);
        out.append(blank(line));
      } else if (fence != null) {
        // A fence closes with a run of the same character at least as long, and nothing else.
        String stripped = line.strip();
        char mark = fence.charAt(0);
        if (fenceLine && stripped.chars().allMatch(c -> c == mark) && stripped.length() >= fence.length()) {
          fence = null;
        }
        out.append(blank(line));
      } else {
        out.append(line);
      }
    }
    return out.toString();
  }

  /** The text with code blocks, code spans, HTML comments and backslash escapes masked. */
  static String masked(String markdown) {
    String text = withoutCodeBlocks(markdown);
    Matcher comments = COMMENT.matcher(text);
    StringBuilder noComments = new StringBuilder(text);
    while (comments.find()) {
      noComments.replace(comments.start(), comments.end(), blank(comments.group()));
    }
    char[] chars = noComments.toString().toCharArray();
    int i = 0;
    while (i < chars.length) {
      char c = chars[i];
      if (c == '\\' && i + 1 < chars.length && isAsciiPunctuation(chars[i + 1])) {
        // Not blank: an escape may be part of a link destination, which must stay one word.
        chars[i] = 'x';
        chars[i + 1] = 'x';
        i += 2;
      } else if (c == '`') {
        int run = runLength(chars, i);
        int close = closingRun(chars, i + run, run);
        if (close < 0) {
          i += run; // no closing run: the backticks are literal
        } else {
          blank(chars, i, close + run);
          i = close + run;
        }
      } else {
        i++;
      }
    }
    return new String(chars);
  }

  /** 1-based line number of an offset. */
  static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static int runLength(char[] chars, int from) {
    int end = from;
    while (end < chars.length && chars[end] == '`') {
      end++;
    }
    return end - from;
  }

  private static int closingRun(char[] chars, int from, int length) {
    int i = from;
    while (i < chars.length) {
      if (chars[i] == '`') {
        int run = runLength(chars, i);
        if (run == length) {
          return i;
        }
        i += run;
      } else if (chars[i] == '\n' && i + 1 < chars.length && chars[i + 1] == '\n') {
        return -1; // a code span does not cross a paragraph break
      } else {
        i++;
      }
    }
    return -1;
  }

  private static void blank(char[] chars, int from, int to) {
    for (int i = from; i < to; i++) {
      if (chars[i] != '\n') {
        chars[i] = ' ';
      }
    }
  }

  private static String blank(String s) {
    char[] chars = s.toCharArray();
    blank(chars, 0, chars.length);
    return new String(chars);
  }

  private static boolean isAsciiPunctuation(char c) {
    return c < 128 && "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".indexOf(c) >= 0;
  }
}
