package io.keyfleet.api.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldTypesTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "{\"type\":\"string\",\"format\":\"date-time\"}; string",
        "{\"type\":\"integer\"}; integer",
        "{\"type\":\"number\"}; number",
        "{\"type\":\"boolean\"}; boolean",
        "{\"type\":\"object\",\"properties\":{}}; Object",
        "{\"type\":\"object\",\"x-kubernetes-preserve-unknown-fields\":true}; Object",
        "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}; []string",
        "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{}}}; []Object",
        "{\"type\":\"array\",\"items\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}}; [][]integer",
        "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}; map[string]string",
        "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"object\",\"properties\":{}}}; map[string]Object",
        "{\"x-kubernetes-int-or-string\":true,\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"string\"}]}; IntOrString",
      })
  void spellsTypesAsKubectlExplainDoes(String schema, String expected) throws Exception {
    JsonNode node = new ObjectMapper().readTree(schema);
    assertThat(FieldTypes.of(node)).isEqualTo(expected);
  }
}
