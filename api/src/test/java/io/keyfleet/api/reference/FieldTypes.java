package io.keyfleet.api.reference;

import com.fasterxml.jackson.databind.JsonNode;

/** The type of a schema as kubectl explain spells it, so the reference and kubectl read alike. */
final class FieldTypes {
  private FieldTypes() {}

  static String of(JsonNode schema) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
      return "IntOrString";
    }
    String type = schema.path("type").asText("");
    return switch (type) {
      case "array" -> "[]" + of(schema.path("items"));
      case "object", "" -> {
        JsonNode values = schema.path("additionalProperties");
        yield values.isObject() ? "map[string]" + of(values) : "Object";
      }
      default -> type;
    };
  }
}
