package io.keyfleet.api.docs;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the relative links of Markdown files that lead nowhere: to a file or folder that does not
 * exist, out of the repository, or to an anchor that no heading of the target Markdown file has.
 * Links with a scheme (https:, mailto:) are not followed: the check needs no network.
 */
final class BrokenLinks {
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  private final Path root;
  private final Map<Path, Set<String>> anchors = new HashMap<>();

  BrokenLinks(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** One line per broken link of the file: {@code path:line: destination: why}. */
  List<String> in(Path file) throws IOException {
    Path source = file.toAbsolutePath().normalize();
    List<String> problems = new ArrayList<>();
    for (MarkdownLinks.Link link : MarkdownLinks.in(Files.readString(source))) {
      String why = problem(source, link.destination());
      if (why != null) {
        problems.add(root.relativize(source) + ":" + link.line() + ": " + link.destination() + ": " + why);
      }
    }
    return problems;
  }

  private String problem(Path source, String destination) throws IOException {
    if (destination.isEmpty()) {
      return "empty link";
    }
    if (SCHEME.matcher(destination).find() || destination.startsWith("//")) {
      return null;
    }
    int hash = destination.indexOf('#');
    String path = hash < 0 ? destination : destination.substring(0, hash);
    String anchor = hash < 0 ? "" : decode(destination.substring(hash + 1));
    if (path.indexOf('?') >= 0) {
      path = path.substring(0, path.indexOf('?'));
    }
    path = decode(path);
    Path target;
    if (path.isEmpty()) {
      target = source;
    } else if (path.startsWith("/")) {
      target = root.resolve(path.substring(1)).normalize(); // GitHub reads a leading / as the repository root
    } else {
      target = source.getParent().resolve(path).normalize();
    }
    if (!target.startsWith(root)) {
      return "points out of the repository";
    }
    if (!Files.exists(target)) {
      return "no such file or folder " + root.relativize(target);
    }
    if (!anchor.isEmpty() && Files.isRegularFile(target) && target.toString().endsWith(".md")) {
      if (!anchorsOf(target).contains(anchor)) {
        return "no heading in " + root.relativize(target) + " has the anchor #" + anchor;
      }
    }
    return null;
  }

  private Set<String> anchorsOf(Path markdown) throws IOException {
    Set<String> known = anchors.get(markdown);
    if (known == null) {
      known = HeadingAnchors.of(Files.readString(markdown));
      anchors.put(markdown, known);
    }
    return known;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
