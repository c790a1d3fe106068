package io.keyfleet.api.reference;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks an OpenAPI v3 schema makes on a value, as short phrases a person reads in a table
 * cell ("length 1 to 63", "one of `In`, `NotIn`"). The phrases are Markdown, safe in a table cell.
 * Checks on the items of an array of scalars and on the values of a map are included, prefixed
 * with "each item:" and "each value:"; an array of objects documents its items in a section.
 */
final class Constraints {
  private Constraints() {}

  static List<String> of(JsonNode schema) {
    List<String> out = new ArrayList<>(own(schema));
    JsonNode items = schema.path("items");
    if (items.isObject() && !items.has("properties")) {
      own(items).forEach(c -> out.add("each item: " + c));
    }
    JsonNode values = schema.path("additionalProperties");
    if (values.isObject() && !values.has("properties")) {
      own(values).forEach(c -> out.add("each value: " + c));
    }
    return out;
  }

  private static List<String> own(JsonNode s) {
    List<String> out = new ArrayList<>();
    if (s.has("enum")) {
      List<String> values = new ArrayList<>();
      s.get("enum").forEach(v -> values.add(Markdown.cellCode(literal(v))));
      out.add("one of " + String.join(", ", values));
    }
    if (s.has("format")) {
      out.add("format " + Markdown.cellCode(s.get("format").asText()));
    }
    range(s, "minLength", "maxLength", "length ", "").ifPresent(out::add);
    numericRange(s).ifPresent(out::add);
    if (s.has("multipleOf")) {
      out.add("multiple of " + number(s.get("multipleOf")));
    }
    if (s.has("pattern")) {
      out.add("pattern " + Markdown.cellCode(s.get("pattern").asText()));
    }
    range(s, "minItems", "maxItems", "", items(s)).ifPresent(out::add);
    if (s.path("uniqueItems").asBoolean()) {
      out.add("items unique");
    }
    range(s, "minProperties", "maxProperties", "", entries(s)).ifPresent(out::add);
    if (s.has("x-kubernetes-list-type")) {
      String keys = "";
      if (s.has("x-kubernetes-list-map-keys")) {
        List<String> names = new ArrayList<>();
        s.get("x-kubernetes-list-map-keys").forEach(k -> names.add(Markdown.cellCode(k.asText())));
        keys = ", keyed by " + String.join(", ", names);
      }
      out.add("list type " + Markdown.cellCode(s.get("x-kubernetes-list-type").asText()) + keys);
    }
    if (s.has("x-kubernetes-map-type")) {
      out.add("map type " + Markdown.cellCode(s.get("x-kubernetes-map-type").asText()));
    }
    if (s.path("nullable").asBoolean()) {
      out.add("may be null");
    }
    if (s.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
      out.add("unknown fields kept");
    }
    return out;
  }

  private static Optional<String> range(JsonNode s, String min, String max, String prefix, String unit) {
    String suffix = unit.isEmpty() ? "" : " " + unit;
    if (s.has(min) && s.has(max)) {
      return Optional.of(prefix + number(s.get(min)) + " to " + number(s.get(max)) + suffix);
    }
    if (s.has(min)) {
      return Optional.of(prefix + "at least " + number(s.get(min)) + suffix);
    }
    if (s.has(max)) {
      return Optional.of(prefix + "at most " + number(s.get(max)) + suffix);
    }
    return Optional.empty();
  }

  private static Optional<String> numericRange(JsonNode s) {
    boolean exclusiveMin = s.path("exclusiveMinimum").asBoolean();
    boolean exclusiveMax = s.path("exclusiveMaximum").asBoolean();
    if (s.has("minimum") && s.has("maximum") && !exclusiveMin && !exclusiveMax) {
      return Optional.of(number(s.get("minimum")) + " to " + number(s.get("maximum")));
    }
    List<String> bounds = new ArrayList<>();
    if (s.has("minimum")) {
      bounds.add((exclusiveMin ? "more than " : "at least ") + number(s.get("minimum")));
    }
    if (s.has("maximum")) {
      bounds.add((exclusiveMax ? "less than " : "at most ") + number(s.get("maximum")));
    }
    return bounds.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", bounds));
  }

  private static String items(JsonNode s) {
    return s.path("maxItems").asLong(s.path("minItems").asLong()) == 1 ? "item" : "items";
  }

  private static String entries(JsonNode s) {
    return s.path("maxProperties").asLong(s.path("minProperties").asLong()) == 1 ? "entry" : "entries";
  }

  /** 50.0 in the YAML is the integer 50 it was declared as. */
  static String number(JsonNode n) {
    return new BigDecimal(n.asText()).stripTrailingZeros().toPlainString();
  }

  /** A value as a person would type it: text as is, anything else as JSON. */
  static String literal(JsonNode v) {
    return v.isTextual() ? v.asText() : v.toString();
  }
}
