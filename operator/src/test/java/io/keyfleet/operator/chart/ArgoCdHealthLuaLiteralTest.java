package io.keyfleet.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyfleet.operator.testing.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The YAML-to-Lua converter, checked by the real Lua 5.1 reading its output back: strings byte for
 * byte, and whole objects written out again as JSON.
 */
class ArgoCdHealthLuaLiteralTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Writes a Lua value back as JSON (tables with keys 1..n as arrays), keys in sorted order. */
  static final String TO_JSON = """
      local function encode(v)
        local t = type(v)
        if t == "string" then
          return '"' .. v:gsub('[%c"\\\\]', function(c) return string.format("\\\\u%04x", c:byte()) end) .. '"'
        elseif t == "number" or t == "boolean" then
          return tostring(v)
        end
        local n, keys = #v, {}
        for k in pairs(v) do keys[#keys + 1] = k end
        if n > 0 and n == #keys then
          local items = {}
          for i = 1, n do items[i] = encode(v[i]) end
          return "[" .. table.concat(items, ",") .. "]"
        end
        table.sort(keys)
        local items = {}
        for _, k in ipairs(keys) do items[#items + 1] = encode(k) .. ":" .. encode(v[k]) end
        return "{" .. table.concat(items, ",") .. "}"
      end
      """;

  @TempDir Path work;

  @ParameterizedTest
  @ValueSource(strings = {
      "", "plain", "quote \" and backslash \\ and \\\" together", "line\nbreak\r\nand\ttab", "nul\u0000byte",
      "]] ]=] [[long brackets]]", "umlaut äöü, emoji \uD83D\uDE80, CJK 鍵", "\\123 looks like an escape", "ends in a digit after an escape \u0001" + "234",
      "-- a Lua comment", "%s %d format directives", "\u007f delete and \u0080 C1"})
  void stringsReadBackByteForByte(String text) throws IOException {
    String output = lua("io.write(" + ArgoCdHealthLuaLiteral.string(text) + ")");
    assertThat(output).isEqualTo(text);
  }

  @Test
  void objectsReadBackAsTheSameObject() throws IOException {
    JsonNode object = JSON.readTree("""
        {"apiVersion": "keyfleet.io/v1alpha1", "kind": "UpdateCampaign",
         "metadata": {"name": "pump-x2-2.4.1", "generation": 7, "labels": {"example.com/ward": "icu"}},
         "spec": {"paused": false, "strategy": {"waves": [{"percent": 10, "soak": "1h"}, {"percent": 90}]}},
         "status": {"observedGeneration": 7, "phase": "Rolling", "currentWave": 0, "ratio": 0.25,
           "conditions": [{"type": "Ready", "status": "True", "message": "a \\"quoted\\" word\\n"}], "nested": [[1, 2], [3]]}}
        """);
    String output = lua(TO_JSON + "io.write(encode(" + ArgoCdHealthLuaLiteral.of(object) + "))");
    assertThat(JSON.readTree(output)).isEqualTo(object);
  }

  @Test
  void nullsAreLeftOutAsArgoCdLeavesThemOut() throws IOException {
    JsonNode object = JSON.readTree("{\"status\": null, \"kind\": \"DeviceFleet\"}");
    String output = lua("local o = " + ArgoCdHealthLuaLiteral.of(object) + "\nio.write(tostring(o.status), ' ', o.kind)");
    assertThat(output).isEqualTo("nil DeviceFleet");
  }

  @Test
  void listsAreIndexedFromOne() throws IOException {
    JsonNode object = JSON.readTree("{\"conditions\": [{\"type\": \"Ready\"}, {\"type\": \"Issued\"}]}");
    String output = lua("local o = " + ArgoCdHealthLuaLiteral.of(object)
        + "\nio.write(#o.conditions, ' ', o.conditions[1].type, ' ', o.conditions[2].type, ' ', tostring(o.conditions[0]))");
    assertThat(output).isEqualTo("2 Ready Issued nil");
  }

  @Test
  void valuesLuaCannotHoldExactlyAreRefused() throws IOException {
    assertThatThrownBy(() -> ArgoCdHealthLuaLiteral.of(JSON.readTree("{\"n\": 9007199254740993}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ArgoCdHealthLuaLiteral.of(JSON.readTree("{\"items\": [1, null, 3]}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private String lua(String program) throws IOException {
    Path file = Files.createTempFile(work, "literal", ".lua");
    Files.writeString(file, program);
    var result = Commands.run(List.of(ArgoCdHealthLua.interpreter().toString(), file.toString()), work, Duration.ofSeconds(30));
    assertThat(result.exitCode()).as("lua5.1 output: %s", result.output()).isZero();
    return result.output();
  }
}
