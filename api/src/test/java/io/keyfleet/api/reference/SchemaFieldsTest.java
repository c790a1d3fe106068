package io.keyfleet.api.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaFieldsTest {
  static final JsonNode SCHEMA =
      read(
          """
          description: A Widget.
          type: object
          properties:
            apiVersion: {type: string, description: standard}
            kind: {type: string, description: standard}
            metadata: {type: object}
            spec:
              description: What the widget should be.
              type: object
              required: [size]
              x-kubernetes-validations:
                - rule: has(self.size)
                  message: spec.size is required
              properties:
                size: {type: integer, default: 3, minimum: 1.0, description: How big.}
                name:
                  type: string
                  description: Immutable name.
                  x-kubernetes-validations: [{rule: self == oldSelf, message: immutable}]
                parts:
                  type: array
                  description: The parts.
                  maxItems: 4
                  x-kubernetes-validations: [{rule: size(self) > 0, message: at least one part}]
                  items:
                    type: object
                    required: [id]
                    x-kubernetes-validations: [{rule: self.id != '', messageExpression: "'bad id ' + self.id"}]
                    properties:
                      id: {type: string, description: Part id.}
                      colour: {type: object, description: Its colour., properties: {rgb: {type: string, description: Hex.}}}
                labels: {type: object, description: Labels., additionalProperties: {type: string}}
            status:
              description: What the widget is.
              type: object
              properties:
                ready: {type: boolean, description: Whether it is ready.}
          """);

  static JsonNode read(String yaml) {
    try {
      return new YAMLMapper().readTree(yaml);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void oneSectionPerObjectLevelDepthFirstInSchemaOrder() {
    assertThat(SchemaFields.of(SCHEMA).stream().map(Section::path))
        .containsExactly("", "spec", "spec.parts[]", "spec.parts[].colour", "status");
  }

  @Test
  void theResourceSectionHasSpecAndStatusButNotTheStandardFields() {
    Section resource = SchemaFields.of(SCHEMA).get(0);
    assertThat(resource.description()).isEqualTo("A Widget.");
    assertThat(resource.fields().stream().map(Field::path)).containsExactly("spec", "status");
    assertThat(resource.fields().get(0))
        .isEqualTo(new Field("spec", "Object", false, null, List.of(), List.of(), "What the widget should be.", "spec"));
  }

  @Test
  void fieldsCarryTypeRequiredDefaultChecksAndDescription() {
    List<Field> spec = SchemaFields.of(SCHEMA).get(1).fields();
    assertThat(spec.stream().map(Field::path)).containsExactly("spec.size", "spec.name", "spec.parts", "spec.labels");
    assertThat(spec.get(0))
        .isEqualTo(new Field("spec.size", "integer", true, "3", List.of("at least 1"), List.of(), "How big.", null));
    assertThat(spec.get(3).type()).isEqualTo("map[string]string");
    assertThat(spec.get(3).section()).isNull();
  }

  @Test
  void rulesAreShownWhereTheyAreDeclared() {
    List<Section> sections = SchemaFields.of(SCHEMA);
    Section spec = sections.get(1);
    // An object's rules relate its fields: its section lists them.
    assertThat(spec.rules()).containsExactly(new CelRule("has(self.size)", "spec.size is required"));
    assertThat(sections.get(0).fields().get(0).rules()).isEmpty();
    // A scalar's rules, and an array's own rules, stay with the field.
    assertThat(spec.fields().get(1).rules()).containsExactly(new CelRule("self == oldSelf", "immutable"));
    assertThat(spec.fields().get(2).rules()).containsExactly(new CelRule("size(self) > 0", "at least one part"));
    // The rules of each item of an array belong to the items' section; a computed message shows its expression.
    assertThat(sections.get(2).rules()).containsExactly(new CelRule("self.id != ''", "'bad id ' + self.id"));
  }

  @Test
  void arrayItemsThatAreObjectsHaveASectionWithBracketsInThePaths() {
    List<Section> sections = SchemaFields.of(SCHEMA);
    Field parts = sections.get(1).fields().get(2);
    assertThat(parts.type()).isEqualTo("[]Object");
    assertThat(parts.section()).isEqualTo("spec.parts[]");
    assertThat(parts.constraints()).containsExactly("at most 4 items");
    Section items = sections.get(2);
    assertThat(items.description()).isEqualTo("The parts.");
    assertThat(items.fields().stream().map(Field::path)).containsExactly("spec.parts[].id", "spec.parts[].colour");
    assertThat(items.fields().get(0).required()).isTrue();
    assertThat(sections.get(3).fields().get(0).path()).isEqualTo("spec.parts[].colour.rgb");
  }
}
