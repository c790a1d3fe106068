package io.keyfleet.operator.oci;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * JSON whose bytes are the same on every run, JVM and platform: fields in the order they were
 * added, maps sorted by key, no whitespace, and only ASCII (anything else is written as a
 * {@code \\uXXXX} escape).
 *
 * <p>Why it matters: an OCI digest and a signature cover bytes, not meaning. Publishing the same
 * manifest twice must give the same digest (so reconciles are idempotent), and ASCII-only output
 * stays byte-identical when a library turns it into a {@code String} and back with the platform's
 * default charset. Parsing is strict (duplicate keys are refused, since two readers could pick
 * different values) and its error messages never quote the input, which may hold credentials.
 */
public final class CanonicalJson {
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  private CanonicalJson() {}

  /** An empty object to fill in the order the fields must appear. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** An object with the map's entries sorted by key (string values). */
  public static ObjectNode sortedObject(Map<String, String> entries) {
    ObjectNode node = object();
    new TreeMap<>(Objects.requireNonNull(entries, "entries")).forEach(node::put);
    return node;
  }

  /** The compact, ASCII-only bytes of a JSON tree. */
  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /**
   * Parses JSON text.
   *
   * @param what names the document in error messages, e.g. ".dockerconfigjson"
   * @throws IllegalArgumentException when it is empty or not valid JSON; the message gives the
   *     line and column, never the content
   */
  public static JsonNode parse(byte[] json, String what) {
    if (json == null || json.length == 0) {
      throw new IllegalArgumentException(what + " is empty");
    }
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException(what + " is empty");
      }
      return node;
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(
          what
              + " is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " is not valid JSON");
    }
  }
}
