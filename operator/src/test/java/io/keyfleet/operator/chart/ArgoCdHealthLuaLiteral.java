package io.keyfleet.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a Kubernetes object (as Jackson reads it from YAML) as a Lua table constructor, the way
 * Argo CD hands the live object to a health script: maps become tables keyed by string, lists
 * become tables indexed from 1, nulls are left out (Lua has no null, a missing key reads nil).
 * Strings are written byte by byte, so no text of the object can end the literal early.
 */
final class ArgoCdHealthLuaLiteral {
  private ArgoCdHealthLuaLiteral() {}

  static String of(JsonNode value) {
    StringBuilder out = new StringBuilder();
    write(value, out, "");
    return out.toString();
  }

  private static void write(JsonNode value, StringBuilder out, String indent) {
    switch (value.getNodeType()) {
      case OBJECT -> {
        out.append("{\n");
        for (Map.Entry<String, JsonNode> field : value.properties()) {
          if (field.getValue().isNull()) {
            continue;
          }
          out.append(indent).append("  [").append(string(field.getKey())).append("] = ");
          write(field.getValue(), out, indent + "  ");
          out.append(",\n");
        }
        out.append(indent).append('}');
      }
      case ARRAY -> {
        out.append("{\n");
        for (JsonNode item : value) {
          if (item.isNull()) {
            // A nil in a table constructor leaves a hole: the items after it would be lost to ipairs.
            throw new IllegalArgumentException("a list item is null; Argo CD's objects have none");
          }
          out.append(indent).append("  ");
          write(item, out, indent + "  ");
          out.append(",\n");
        }
        out.append(indent).append('}');
      }
      case STRING -> out.append(string(value.textValue()));
      case BOOLEAN -> out.append(value.booleanValue());
      case NUMBER -> out.append(number(value));
      default -> throw new IllegalArgumentException("no Lua value for a " + value.getNodeType() + ": " + value);
    }
  }

  private static String number(JsonNode value) {
    if (value.isIntegralNumber()) {
      // Lua 5.1 numbers are doubles, as Argo CD's are: integers beyond 2^53 would lose digits.
      if (!value.canConvertToLong() || Math.abs(value.longValue()) > (1L << 53)) {
        throw new IllegalArgumentException("integer out of a Lua number's exact range: " + value);
      }
      return Long.toString(value.longValue());
    }
    double d = value.doubleValue();
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("no Lua literal for " + d);
    }
    return Double.toString(d);
  }

  /**
   * A double-quoted Lua string: printable ASCII as it is (quote and backslash escaped), every
   * other byte of the UTF-8 encoding as a three-digit decimal escape, which Lua 5.1 reads back as
   * that byte whatever follows it.
   */
  static String string(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c == '"' || c == '\\') {
        out.append('\\').append((char) c);
      } else if (c >= 0x20 && c < 0x7f) {
        out.append((char) c);
      } else {
        out.append('\\').append(String.format("%03d", c));
      }
    }
    return out.append('"').toString();
  }
}
