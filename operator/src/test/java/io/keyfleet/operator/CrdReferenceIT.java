package io.keyfleet.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyfleet.operator.testing.LocalControlPlane;
import io.keyfleet.operator.testing.LocalControlPlane.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API reference in docs/reference says what {@code kubectl explain} says, read from the pages
 * as a person reads them and from kubectl against the real API server with the CRDs installed:
 * the same kinds; per kind the same field paths, types and required fields
 * ({@code kubectl explain --recursive}, once per kind); and per field the same type, enum values
 * and description (one {@code kubectl explain <plural>.<path>} per field, since the recursive
 * listing shows no descriptions and cuts enums after four values: about 250 calls, 75-85 ms each
 * on the 2-core development machine, 20 s in all; the test prints how long).
 */
class CrdReferenceIT {
  static final String API_VERSION = "keyfleet.io/v1alpha1";
  static LocalControlPlane plane;

  @BeforeAll
  static void installCrds() {
    plane = LocalControlPlane.get().withCrds();
    // Established CRDs can take a moment to reach discovery, where kubectl explain finds them.
    for (Page page : pages()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> plane.kubectl("explain", page.plural(), "--api-version=" + API_VERSION).exitCode() == 0);
    }
  }

  static List<Page> pages() {
    return Page.all(LocalControlPlane.repositoryRoot().resolve("docs/reference"));
  }

  @Test
  void theReferenceHasAPageForEveryKindTheServerServes() {
    List<String> served =
        plane.client().apiextensions().v1().customResourceDefinitions().list().getItems().stream()
            .filter(crd -> crd.getSpec().getGroup().equals("keyfleet.io"))
            .map(crd -> crd.getSpec().getNames().getKind())
            .sorted()
            .toList();
    assertThat(pages().stream().map(Page::kind).sorted().toList()).isEqualTo(served);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  void fieldPathsTypesAndRequiredFieldsAgreeWithKubectl(Page page) {
    Result explained = plane.kubectl("explain", page.plural(), "--recursive", "--api-version=" + API_VERSION);
    assertThat(explained.exitCode()).as(explained.output()).isZero();
    Map<String, KubectlField> kubectl = KubectlField.recursive(explained.output());
    Map<String, Row> reference = new LinkedHashMap<>();
    page.rows().forEach(row -> reference.put(row.kubectlPath(), row));

    assertThat(reference.keySet()).as("field paths of %s", page.kind()).containsExactlyInAnyOrderElementsOf(kubectl.keySet());
    for (Row row : page.rows()) {
      KubectlField field = kubectl.get(row.kubectlPath());
      assertThat(new KubectlField(row.type(), row.required()))
          .as("%s %s: type and required in the reference vs kubectl explain --recursive", page.kind(), row.path())
          .isEqualTo(field);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  void everyFieldHasTheTypeEnumAndDescriptionKubectlShows(Page page) {
    List<String> disagreements = new ArrayList<>();
    Explained kind = explain(page.plural());
    if (!kind.description().equals(page.description())) {
      disagreements.add(page.kind() + ": page says \"" + page.description() + "\", kubectl \"" + kind.description() + "\"");
    }
    long started = System.nanoTime();
    for (Row row : page.rows()) {
      Explained field = explain(page.plural() + "." + row.kubectlPath());
      if (!field.type().equals(row.type())) {
        disagreements.add(row.path() + ": type " + row.type() + " in the reference, " + field.type() + " in kubectl");
      }
      if (!field.enumValues().equals(row.enumValues())) {
        disagreements.add(row.path() + ": one of " + row.enumValues() + " in the reference, " + field.enumValues() + " in kubectl");
      }
      if (!field.description().equals(row.description())) {
        disagreements.add(row.path() + ": reference says \"" + row.description() + "\", kubectl \"" + field.description() + "\"");
      }
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf(
        "kubectl explain %s.<field>: %d calls in %d ms (%d ms each)%n",
        page.plural(), page.rows().size(), millis, millis / Math.max(1, page.rows().size()));
    assertThat(page.rows()).as("rows on the page of %s", page.kind()).isNotEmpty();
    assertThat(disagreements).withFailMessage("%s:%n%s", page.kind(), String.join("\n", disagreements)).isEmpty();
  }

  private static Explained explain(String path) {
    Result result = plane.kubectl("explain", path, "--api-version=" + API_VERSION);
    assertThat(result.exitCode()).as("kubectl explain %s: %s", path, result.output()).isZero();
    return Explained.parse(result.output());
  }

  /** Descriptions compare as text: kubectl wraps lines, the reference puts them in a table cell. */
  static String normalized(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  /** A kind's reference page, read back from its Markdown. */
  record Page(String kind, String plural, String description, List<Row> rows) {
    private static final Pattern INDEX_ROW = Pattern.compile("^\\| \\[[^\\]]+\\]\\(([^)]+\\.md)\\) \\|");
    private static final Pattern NAMES = Pattern.compile("^- \\*\\*Names:\\*\\* `([^`]+)` \\(plural\\)");
    private static final Pattern FIELD_ROW = Pattern.compile("^\\| `(?:spec|status)[^`]*` \\|");

    static List<Page> all(Path folder) {
      List<Page> pages = new ArrayList<>();
      for (String line : lines(folder.resolve("README.md"))) {
        Matcher row = INDEX_ROW.matcher(line);
        if (row.find()) {
          pages.add(read(folder.resolve(row.group(1))));
        }
      }
      assertThat(pages).as("pages listed in %s", folder.resolve("README.md")).isNotEmpty();
      return pages;
    }

    static Page read(Path file) {
      List<String> lines = lines(file);
      String kind = null;
      String description = null;
      String plural = null;
      List<Row> rows = new ArrayList<>();
      for (String line : lines) {
        if (kind == null && line.startsWith("# ")) {
          kind = line.substring(2).strip();
        } else if (kind != null && description == null && !line.isBlank()) {
          description = normalized(Cells.text(line));
        }
        Matcher names = NAMES.matcher(line);
        if (names.find()) {
          plural = names.group(1);
        }
        if (FIELD_ROW.matcher(line).find()) {
          rows.add(Row.parse(line));
        }
      }
      assertThat(plural).as("the plural on %s", file).isNotNull();
      return new Page(kind, plural, description, rows);
    }

    private static List<String> lines(Path file) {
      try {
        return Files.readAllLines(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return kind;
    }
  }

  /** A field row of a reference table: | Field | Type | Required | Default | Validation | Description |. */
  record Row(String path, String type, boolean required, List<String> enumValues, String description) {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern ENUM = Pattern.compile("(?:^|<br>)one of ((?:`[^`]*`(?:, )?)+)");

    static Row parse(String line) {
      List<String> cells = Cells.split(line);
      assertThat(cells).as("cells of %s", line).hasSize(6);
      List<String> enumValues = new ArrayList<>();
      Matcher values = ENUM.matcher(cells.get(4));
      if (values.find()) {
        Matcher code = CODE.matcher(values.group(1));
        while (code.find()) {
          enumValues.add(Cells.code(code.group(1)));
        }
      }
      return new Row(
          Cells.code(firstCode(cells.get(0))),
          Cells.code(firstCode(cells.get(1))),
          cells.get(2).equals("yes"),
          enumValues,
          normalized(Cells.text(cells.get(5))));
    }

    /** The path as kubectl explain takes it: no [] after arrays. */
    String kubectlPath() {
      return path.replace("[]", "");
    }

    private static String firstCode(String cell) {
      Matcher m = CODE.matcher(cell);
      assertThat(m.find()).as("a code span in %s", cell).isTrue();
      return m.group(1);
    }
  }

  /** Reading table cells back: the generator escapes Markdown syntax and pipes. */
  static final class Cells {
    private static final Pattern ESCAPE = Pattern.compile("\\\\(\\p{Punct})");

    private Cells() {}

    static List<String> split(String row) {
      String inner = row.strip().substring(1, row.strip().length() - 1);
      return Stream.of(inner.split("(?<!\\\\)\\|", -1)).map(String::strip).toList();
    }

    static String text(String cell) {
      return ESCAPE.matcher(cell.replace("<br>", "\n")).replaceAll("$1");
    }

    static String code(String span) {
      return span.replace("\\|", "|");
    }
  }

  /** What kubectl explain --recursive shows of a field. */
  record KubectlField(String type, boolean required) {
    private static final Pattern FIELD = Pattern.compile("^( +)(\\S+)\\t<([^>]+)>( -required-)?$");

    /** Path (spec and status only, no [] after arrays) to what kubectl shows. */
    static Map<String, KubectlField> recursive(String output) {
      Map<String, KubectlField> fields = new LinkedHashMap<>();
      Deque<String> parents = new ArrayDeque<>();
      boolean inFields = false;
      for (String line : output.lines().toList()) {
        if (line.equals("FIELDS:")) {
          inFields = true;
          continue;
        }
        if (!inFields) {
          continue;
        }
        Matcher field = FIELD.matcher(line);
        if (field.matches()) {
          int depth = field.group(1).length() / 2 - 1;
          while (parents.size() > depth) {
            parents.removeLast();
          }
          parents.addLast(field.group(2));
          fields.put(String.join(".", parents), new KubectlField(field.group(3), field.group(4) != null));
        }
      }
      fields.keySet().removeIf(path -> !path.equals("spec") && !path.startsWith("spec.")
          && !path.equals("status") && !path.startsWith("status."));
      return fields;
    }
  }

  /** What kubectl explain shows of one field: FIELD: name <type>, its ENUM values, its DESCRIPTION. */
  record Explained(String type, List<String> enumValues, String description) {
    private static final Pattern FIELD = Pattern.compile("(?m)^FIELD: \\S+ <([^>]+)>$");

    static Explained parse(String output) {
      Matcher field = FIELD.matcher(output);
      String type = field.find() ? field.group(1) : "Object"; // the kind itself has no FIELD line
      List<String> enumValues = new ArrayList<>();
      StringBuilder description = new StringBuilder();
      String section = "";
      for (String line : output.lines().toList()) {
        if (!line.isEmpty() && !line.startsWith(" ")) {
          section = line; // GROUP:, FIELD:, ENUM:, DESCRIPTION:, FIELDS:
        } else if (section.equals("ENUM:") && !line.isBlank()) {
          enumValues.add(line.strip());
        } else if (section.equals("DESCRIPTION:")) {
          description.append(line).append('\n');
        }
      }
      return new Explained(type, enumValues, normalized(description.toString()));
    }
  }
}
