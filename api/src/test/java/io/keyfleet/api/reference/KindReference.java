package io.keyfleet.api.reference;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyfleet.api.docs.GithubSlugs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reference page of one kind, from its CRD: names, scope and printer columns, then one table
 * per object level with every field's type, whether it is required, its default, its checks and
 * its description. Object fields link to their own table; CEL rules that relate an object's
 * fields are listed above its table.
 */
final class KindReference {
  private static final String TABLE_HEADER =
      "| Field | Type | Required | Default | Validation | Description |\n|---|---|---|---|---|---|\n";

  private KindReference() {}

  /** The page's file name in docs/reference. */
  static String fileName(JsonNode crd) {
    return crd.path("spec").path("names").path("kind").asText().toLowerCase(Locale.ROOT) + ".md";
  }

  static String render(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    JsonNode version = onlyVersion(crd);
    String kind = names.path("kind").asText();
    String plural = names.path("plural").asText();
    List<Section> sections = SchemaFields.of(version.path("schema").path("openAPIV3Schema"));

    // Anchors in the order GitHub meets the headings, so that repeats are numbered as it numbers them.
    GithubSlugs slugs = new GithubSlugs();
    slugs.next(kind);
    if (!version.path("additionalPrinterColumns").isEmpty()) {
      slugs.next("Printer columns");
    }
    Map<String, String> anchors = new HashMap<>();
    for (Section section : sections) {
      anchors.put(section.path(), slugs.next(heading(section)));
    }

    StringBuilder out = new StringBuilder();
    out.append("<!-- Generated from crds/")
        .append(crd.path("metadata").path("name").asText())
        .append(".yaml. Do not edit: run e2e/bin/regenerate. -->\n\n");
    out.append("# ").append(kind).append("\n\n");
    out.append(Markdown.text(sections.get(0).description())).append("\n\n");
    out.append("- **API version:** ")
        .append(Markdown.code(spec.path("group").asText() + "/" + version.path("name").asText()))
        .append("\n");
    out.append("- **Scope:** ").append(spec.path("scope").asText()).append("\n");
    out.append("- **Names:** ")
        .append(Markdown.code(plural))
        .append(" (plural), ")
        .append(Markdown.code(names.path("singular").asText()))
        .append(" (singular)");
    List<String> shortNames = texts(names.path("shortNames"));
    if (!shortNames.isEmpty()) {
      out.append(", ").append(codes(shortNames)).append(shortNames.size() == 1 ? " (short name)" : " (short names)");
    }
    out.append("\n");
    List<String> categories = texts(names.path("categories"));
    if (!categories.isEmpty()) {
      out.append("- **Categories:** ")
          .append(codes(categories))
          .append(" (")
          .append(Markdown.code("kubectl get " + categories.get(0)))
          .append(" lists it)\n");
    }
    List<String> subresources = new ArrayList<>();
    version.path("subresources").fieldNames().forEachRemaining(subresources::add);
    if (!subresources.isEmpty()) {
      out.append("- **Subresources:** ").append(codes(subresources)).append("\n");
    }
    out.append("\n");

    printerColumns(out, plural, version.path("additionalPrinterColumns"));

    for (Section section : sections) {
      out.append(section.path().isEmpty() ? "## " : "### ").append(heading(section)).append("\n\n");
      if (section.path().isEmpty()) {
        out.append("Besides the standard `apiVersion`, `kind` and `metadata`:\n\n");
      } else if (!section.description().isEmpty()) {
        out.append(Markdown.text(section.description())).append("\n\n");
      }
      if (!section.rules().isEmpty()) {
        out.append("Rules checked at admission:\n\n");
        for (CelRule rule : section.rules()) {
          out.append("- ").append(Markdown.code(rule.rule()));
          if (!rule.message().isEmpty()) {
            out.append(": ").append(Markdown.text(rule.message()));
          }
          out.append("\n");
        }
        out.append("\n");
      }
      out.append(TABLE_HEADER);
      for (Field field : section.fields()) {
        out.append(row(field, anchors));
      }
      out.append("\n");
    }
    return out.toString().stripTrailing() + "\n";
  }

  private static String heading(Section section) {
    return section.path().isEmpty() ? "Fields" : Markdown.code(section.path());
  }

  private static String row(Field field, Map<String, String> anchors) {
    String type = Markdown.cellCode(field.type());
    if (field.section() != null) {
      type = "[" + type + "](#" + anchors.get(field.section()) + ")";
    }
    List<String> checks = new ArrayList<>(field.constraints());
    for (CelRule rule : field.rules()) {
      checks.add("rule " + Markdown.cellCode(rule.rule()) + (rule.message().isEmpty() ? "" : ": " + Markdown.text(rule.message())));
    }
    return "| "
        + String.join(
            " | ",
            Markdown.cellCode(field.path()),
            type,
            field.required() ? "yes" : "no",
            field.defaultValue() == null ? "" : Markdown.cellCode(field.defaultValue()),
            String.join("<br>", checks),
            Markdown.text(field.description()))
        + " |\n";
  }

  private static void printerColumns(StringBuilder out, String plural, JsonNode columns) {
    if (columns.isEmpty()) {
      return;
    }
    boolean described = false;
    for (JsonNode column : columns) {
      described |= column.has("description");
    }
    out.append("## Printer columns\n\n")
        .append(Markdown.code("kubectl get " + plural))
        .append(" shows these columns; those marked wide only with ")
        .append(Markdown.code("-o wide"))
        .append(".\n\n");
    out.append("| Column | Type | JSON path | Shown |").append(described ? " Description |" : "").append("\n");
    out.append("|---|---|---|---|").append(described ? "---|" : "").append("\n");
    for (JsonNode column : columns) {
      out.append("| ")
          .append(Markdown.text(column.path("name").asText()))
          .append(" | ")
          .append(Markdown.cellCode(column.path("type").asText()))
          .append(" | ")
          .append(Markdown.cellCode(column.path("jsonPath").asText()))
          .append(" | ")
          .append(column.path("priority").asInt() == 0 ? "always" : "wide")
          .append(" |");
      if (described) {
        out.append(" ").append(Markdown.text(column.path("description").asText(""))).append(" |");
      }
      out.append("\n");
    }
    out.append("\n");
  }

  private static JsonNode onlyVersion(JsonNode crd) {
    JsonNode versions = crd.path("spec").path("versions");
    if (versions.size() != 1) {
      throw new IllegalArgumentException(
          crd.path("metadata").path("name").asText()
              + " has " + versions.size() + " versions; the reference documents exactly one (give each version a page when a second arrives)");
    }
    return versions.get(0);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String codes(List<String> values) {
    return String.join(", ", values.stream().map(Markdown::code).toList());
  }
}
