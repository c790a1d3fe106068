package io.keyfleet.api.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class KindReferenceTest {
  static JsonNode crd(String schema, String extraVersionYaml) {
    return SchemaFieldsTest.read(
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.io}
        spec:
          group: example.io
          names: {kind: Widget, plural: widgets, singular: widget, shortNames: [wd], categories: [things]}
          scope: Namespaced
          versions:
            - name: v1
              served: true
              storage: true
              subresources: {status: {}}
        """
            + extraVersionYaml.indent(6)
            + "      schema:\n        openAPIV3Schema:\n"
            + schema.indent(10));
  }

  static final String TINY =
      """
      description: A Widget | a thing.
      type: object
      properties:
        spec:
          description: What it should be.
          type: object
          properties:
            code: {type: string, pattern: '^(a|b)$', default: a, description: 'One of a, b.'}
      """;

  @Test
  void rendersATinyKind() {
    String page =
        KindReference.render(
            crd(
                TINY,
                """
                additionalPrinterColumns:
                  - {name: Code, type: string, jsonPath: .spec.code}
                  - {name: Age, type: date, jsonPath: .metadata.creationTimestamp, priority: 1}
                """));
    assertThat(page)
        .isEqualTo(
            """
            <!-- Generated from crds/widgets.example.io.yaml. Do not edit: run e2e/bin/regenerate. -->

            # Widget

            A Widget \\| a thing.

            - **API version:** `example.io/v1`
            - **Scope:** Namespaced
            - **Names:** `widgets` (plural), `widget` (singular), `wd` (short name)
            - **Categories:** `things` (`kubectl get things` lists it)
            - **Subresources:** `status`

            ## Printer columns

            `kubectl get widgets` shows these columns; those marked wide only with `-o wide`.

            | Column | Type | JSON path | Shown |
            |---|---|---|---|
            | Code | `string` | `.spec.code` | always |
            | Age | `date` | `.metadata.creationTimestamp` | wide |

            ## Fields

            Besides the standard `apiVersion`, `kind` and `metadata`:

            | Field | Type | Required | Default | Validation | Description |
            |---|---|---|---|---|---|
            | `spec` | [`Object`](#spec) | no |  |  | What it should be. |

            ### `spec`

            What it should be.

            | Field | Type | Required | Default | Validation | Description |
            |---|---|---|---|---|---|
            | `spec.code` | `string` | no | `a` | pattern `^(a\\|b)$` | One of a, b. |
            """);
    assertThat(KindReference.fileName(crd(TINY, ""))).isEqualTo("widget.md");
  }

  @Test
  void objectFieldsLinkToTheirSectionAndRulesArePrintedAboveItsTable() {
    String page = KindReference.render(crd(SchemaFieldsTest.SCHEMA.toString(), ""));
    assertThat(page)
        .contains("| `spec.parts` | [`[]Object`](#specparts) | no |  | at most 4 items<br>rule `size(self) > 0`: at least one part | The parts. |")
        .contains("### `spec.parts[]`\n\nThe parts.\n\nRules checked at admission:\n\n- `self.id != ''`: 'bad id ' + self.id\n\n| Field |")
        .contains("| `spec.parts[].colour` | [`Object`](#specpartscolour) |")
        .contains("### `spec.parts[].colour`")
        .contains("| `spec.name` | `string` | no |  | rule `self == oldSelf`: immutable | Immutable name. |")
        .contains("| `spec.labels` | `map[string]string` | no |  |  | Labels. |")
        .doesNotContain("## Printer columns");
  }

  @Test
  void sectionsWhoseAnchorsCollideAreNumberedAsGithubNumbersThem() {
    String schema =
        """
        type: object
        properties:
          spec:
            type: object
            properties:
              ab: {type: object, properties: {c: {type: object, properties: {x: {type: string}}}}}
              a: {type: object, properties: {bc: {type: object, properties: {x: {type: string}}}}}
        """;
    String page = KindReference.render(crd(schema, ""));
    assertThat(page)
        .contains("| `spec.ab.c` | [`Object`](#specabc) |")
        .contains("| `spec.a.bc` | [`Object`](#specabc-1) |");
  }

  @Test
  void refusesACrdWithMoreThanOneVersion() {
    ObjectNode twoVersions = (ObjectNode) crd(TINY, "");
    ArrayNode versions = (ArrayNode) twoVersions.path("spec").path("versions");
    versions.add(versions.get(0).deepCopy());
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KindReference.render(twoVersions))
        .withMessageContaining("widgets.example.io has 2 versions");
  }

  @Test
  void theIndexListsEveryKindInOrderAndLinksItsPage() {
    JsonNode widget = crd(TINY, "");
    ObjectNode gadget = (ObjectNode) crd(TINY, "").deepCopy();
    ((ObjectNode) gadget.path("spec").path("names")).put("kind", "Gadget").put("plural", "gadgets");
    ((ObjectNode) gadget.path("metadata")).put("name", "gadgets.example.io");
    var files = CrdReference.render(List.of(widget, gadget));
    assertThat(files.keySet()).containsExactly("README.md", "gadget.md", "widget.md");
    String index = files.get("README.md");
    assertThat(index.indexOf("| [Gadget](gadget.md) | `example.io/v1` | `wd` | Namespaced | A Widget \\| a thing. |"))
        .isPositive()
        .isLessThan(index.indexOf("| [Widget](widget.md) |"));
  }

  @Test
  void refusesTwoKindsThatWouldShareAPage() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CrdReference.render(List.of(crd(TINY, ""), crd(TINY, ""))))
        .withMessageContaining("widget.md");
  }
}
