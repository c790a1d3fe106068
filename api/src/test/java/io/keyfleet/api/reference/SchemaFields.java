package io.keyfleet.api.reference;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a custom resource's OpenAPI v3 schema into sections, one per object level, in the order a
 * reader meets them: the resource (its spec and status), then each object below, depth first, in
 * the schema's field order. apiVersion, kind and metadata are the standard ones and left out.
 */
final class SchemaFields {
  private static final Set<String> STANDARD = Set.of("apiVersion", "kind", "metadata");

  private SchemaFields() {}

  static List<Section> of(JsonNode openApiV3Schema) {
    List<Section> sections = new ArrayList<>();
    walk("", openApiV3Schema.path("description").asText(""), openApiV3Schema, sections);
    return sections;
  }

  private static void walk(String path, String description, JsonNode object, List<Section> out) {
    Set<String> required = new HashSet<>();
    object.path("required").forEach(name -> required.add(name.asText()));
    List<Field> fields = new ArrayList<>();
    List<Map.Entry<Field, JsonNode>> children = new ArrayList<>();
    for (Map.Entry<String, JsonNode> property : object.path("properties").properties()) {
      if (path.isEmpty() && STANDARD.contains(property.getKey())) {
        continue;
      }
      String fieldPath = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
      JsonNode schema = property.getValue();
      JsonNode child = null;
      String section = null;
      if (schema.has("properties")) {
        child = schema;
        section = fieldPath;
      } else if (schema.path("items").has("properties")) {
        child = schema.get("items");
        section = fieldPath + "[]";
      }
      Field field =
          new Field(
              fieldPath,
              FieldTypes.of(schema),
              required.contains(property.getKey()),
              schema.has("default") ? Constraints.literal(schema.get("default")) : null,
              Constraints.of(schema),
              // An object's rules relate its fields, so its section shows them.
              child == schema ? List.of() : rules(schema),
              schema.path("description").asText(""),
              section);
      fields.add(field);
      if (child != null) {
        children.add(Map.entry(field, child));
      }
    }
    out.add(new Section(path, description, rules(object), fields));
    for (Map.Entry<Field, JsonNode> child : children) {
      walk(child.getKey().section(), child.getKey().description(), child.getValue(), out);
    }
  }

  private static List<CelRule> rules(JsonNode schema) {
    List<CelRule> rules = new ArrayList<>();
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      // A messageExpression computes the message; show the expression when there is no fixed one.
      String message = rule.path("message").asText(rule.path("messageExpression").asText(""));
      rules.add(new CelRule(rule.path("rule").asText(), message));
    }
    return rules;
  }
}
