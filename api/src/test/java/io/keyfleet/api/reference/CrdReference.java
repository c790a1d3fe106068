package io.keyfleet.api.reference;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The API reference in docs/reference, generated from the CRDs: a page per kind and an index
 * (README.md, which GitHub shows when the folder is opened). The output depends only on the CRDs,
 * so regenerating an unchanged API changes nothing.
 */
public final class CrdReference {
  public static final String INDEX = "README.md";

  private CrdReference() {}

  /** File name in docs/reference to its content, for the given CustomResourceDefinitions. */
  public static SortedMap<String, String> render(List<JsonNode> crds) {
    List<JsonNode> byKind =
        crds.stream().sorted(Comparator.comparing(c -> c.path("spec").path("names").path("kind").asText())).toList();
    SortedMap<String, String> files = new TreeMap<>();
    for (JsonNode crd : byKind) {
      String page = KindReference.fileName(crd);
      if (page.equals(INDEX) || files.containsKey(page)) {
        throw new IllegalArgumentException("two pages would be called " + page);
      }
      files.put(page, KindReference.render(crd));
    }
    files.put(INDEX, index(byKind));
    return files;
  }

  private static String index(List<JsonNode> crds) {
    StringBuilder out = new StringBuilder();
    out.append("<!-- Generated from crds/*.yaml. Do not edit: run e2e/bin/regenerate. -->\n\n");
    out.append("# API reference\n\n");
    out.append("Every field of Keyfleet's custom resources: its type, whether it is required, its default, ")
        .append("the checks the API server makes at admission, and what it means. ")
        .append("Generated from the CustomResourceDefinitions in [`crds/`](../../crds), ")
        .append("which are generated from the Java types in `api/`; ")
        .append("`kubectl explain` shows the same types and descriptions.\n\n");
    out.append("| Kind | API version | Short names | Scope | Description |\n|---|---|---|---|---|\n");
    for (JsonNode crd : crds) {
      JsonNode spec = crd.path("spec");
      JsonNode version = spec.path("versions").path(0);
      List<String> shortNames = new ArrayList<>();
      spec.path("names").path("shortNames").forEach(n -> shortNames.add(Markdown.cellCode(n.asText())));
      out.append("| [")
          .append(Markdown.text(spec.path("names").path("kind").asText()))
          .append("](")
          .append(KindReference.fileName(crd))
          .append(") | ")
          .append(Markdown.cellCode(spec.path("group").asText() + "/" + version.path("name").asText()))
          .append(" | ")
          .append(String.join(", ", shortNames))
          .append(" | ")
          .append(spec.path("scope").asText())
          .append(" | ")
          .append(Markdown.text(version.path("schema").path("openAPIV3Schema").path("description").asText("")))
          .append(" |\n");
    }
    return out.toString();
  }
}
