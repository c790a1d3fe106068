package io.keyfleet.api.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConstraintsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "{\"type\":\"string\"}; ''",
        "{\"enum\":[\"Always\",\"Never\"]}; one of `Always`, `Never`",
        "{\"enum\":[1,2]}; one of `1`, `2`",
        "{\"format\":\"date-time\"}; format `date-time`",
        "{\"minLength\":1,\"maxLength\":63}; length 1 to 63",
        "{\"minLength\":1}; length at least 1",
        "{\"maxLength\":512}; length at most 512",
        "{\"minimum\":0.0,\"maximum\":50.0}; 0 to 50",
        "{\"minimum\":1.0}; at least 1",
        "{\"maximum\":100000.0}; at most 100000",
        "{\"minimum\":0.5,\"exclusiveMinimum\":true,\"maximum\":2}; more than 0.5, at most 2",
        "{\"maximum\":10,\"exclusiveMaximum\":true}; less than 10",
        "{\"multipleOf\":5}; multiple of 5",
        "{\"pattern\":\"^(a|b)$\"}; pattern `^(a\\|b)$`",
        "{\"minItems\":1,\"maxItems\":20}; 1 to 20 items",
        "{\"maxItems\":1}; at most 1 item",
        "{\"minItems\":1}; at least 1 item",
        "{\"maxProperties\":32}; at most 32 entries",
        "{\"uniqueItems\":true}; items unique",
        "{\"x-kubernetes-list-type\":\"map\",\"x-kubernetes-list-map-keys\":[\"type\"]}; list type `map`, keyed by `type`",
        "{\"x-kubernetes-list-type\":\"set\"}; list type `set`",
        "{\"x-kubernetes-map-type\":\"atomic\"}; map type `atomic`",
        "{\"nullable\":true}; may be null",
        "{\"maxItems\":2,\"items\":{\"enum\":[\"a\",\"b\"]}}; 'at most 2 items|each item: one of `a`, `b`'",
        "{\"items\":{\"type\":\"object\",\"properties\":{},\"maxProperties\":3}}; ''",
        "{\"additionalProperties\":{\"maxLength\":63}}; each value: length at most 63",
      })
  void describesEachCheckInAShortPhrase(String schema, String expected) throws Exception {
    String phrases = String.join("|", Constraints.of(new ObjectMapper().readTree(schema)));
    assertThat(phrases.replace("\\|", "¦")).isEqualTo(expected.replace("\\|", "¦"));
  }
}
