package io.keyfleet.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD YAML in crds/ and in the Helm chart is generated from the Java types and must never
 * drift. The fabric8 generator writes target/classes/META-INF/fabric8 during the build; this test
 * finishes those files (printer columns in the order the classes declare them, since the generator
 * sorts them by JSON path) and compares them with the committed copies. Run with
 * -Dkeyfleet.regenerate=true (or e2e/bin/regenerate) to rewrite the committed copies.
 */
class GeneratedCrdsTest {
  static final Path ROOT = Path.of(System.getProperty("keyfleet.root", ".."));
  static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  static final List<Path> COMMITTED = List.of(ROOT.resolve("crds"), ROOT.resolve("charts/keyfleet/crds"));
  static final boolean REGENERATE = Boolean.getBoolean("keyfleet.regenerate");

  static final YAMLMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                  .build())
          .build();

  static Stream<Class<? extends CustomResource<?, ?>>> kinds() {
    return Stream.of(
        DeviceFleet.class, DeviceIdentity.class, KeyRotationPolicy.class, UpdateCampaign.class);
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void committedCrdMatchesTheJavaTypes(Class<? extends CustomResource<?, ?>> kind) throws IOException {
    String plural = io.fabric8.kubernetes.api.model.HasMetadata.getPlural(kind);
    String crd = finish(kind, GENERATED.resolve(plural + "." + KeyfleetApi.GROUP + "-v1.yml"));
    for (Path dir : COMMITTED) {
      Path committed = dir.resolve(plural + "." + KeyfleetApi.GROUP + ".yaml");
      if (REGENERATE) {
        Files.createDirectories(dir);
        Files.writeString(committed, crd);
      }
      assertThat(committed)
          .as("%s is stale: run e2e/bin/regenerate and commit the result", committed)
          .exists()
          .content()
          .isEqualTo(crd);
    }
  }

  @Test
  void noOtherCrdsAreCommitted() throws IOException {
    List<String> expected =
        kinds().map((Class<?> k) -> io.fabric8.kubernetes.api.model.HasMetadata.getPlural(k) + "." + KeyfleetApi.GROUP + ".yaml").sorted().toList();
    for (Path dir : COMMITTED) {
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
            .as("CRD files in %s", dir)
            .isEqualTo(expected);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void everyFieldHasADescription(Class<?> kind) throws IOException {
    String plural = io.fabric8.kubernetes.api.model.HasMetadata.getPlural(kind);
    JsonNode crd = YAML.readTree(finish(kind, GENERATED.resolve(plural + "." + KeyfleetApi.GROUP + "-v1.yml")));
    List<String> undescribed = new ArrayList<>();
    collectUndescribed(
        crd.path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema"), plural, undescribed);
    assertThat(undescribed).as("fields without a description (kubectl explain shows nothing)").isEmpty();
  }

  static void collectUndescribed(JsonNode schema, String path, List<String> out) {
    if (!schema.hasNonNull("description")) {
      out.add(path);
    }
    schema.path("properties").fields().forEachRemaining(e -> {
      if (!e.getKey().equals("metadata")) {
        collectUndescribed(e.getValue(), path + "." + e.getKey(), out);
      }
    });
    JsonNode items = schema.path("items");
    if (items.path("type").asText().equals("object")) {
      items.path("properties").fields().forEachRemaining(e -> collectUndescribed(e.getValue(), path + "[]." + e.getKey(), out));
    }
  }

  /**
   * The generator describes fields but not the resource, its spec and status, nor the standard
   * apiVersion, kind and metadata; kubectl explain shows these from the schema.
   */
  static void describe(ObjectNode schema, Class<?> kind) {
    java.lang.reflect.Type[] types =
        ((java.lang.reflect.ParameterizedType) kind.getGenericSuperclass()).getActualTypeArguments();
    schema.put("description", classDescription(kind));
    ObjectNode properties = (ObjectNode) schema.get("properties");
    ObjectNode apiVersion = properties.putObject("apiVersion");
    apiVersion.put("description", "APIVersion of this object: " + KeyfleetApi.API_VERSION + ".");
    apiVersion.put("type", "string");
    ObjectNode kindNode = properties.putObject("kind");
    kindNode.put("description", "Kind of this object: " + kind.getSimpleName() + ".");
    kindNode.put("type", "string");
    properties.putObject("metadata").put("type", "object");
    ((ObjectNode) properties.get("spec")).put("description", classDescription((Class<?>) types[0]));
    ObjectNode status = (ObjectNode) properties.get("status");
    status.put("description", classDescription((Class<?>) types[1]));
    // Conditions are a map keyed by type, so server-side apply merges them entry by entry.
    ObjectNode conditions = (ObjectNode) status.path("properties").path("conditions");
    conditions.put("x-kubernetes-list-type", "map");
    conditions.putArray("x-kubernetes-list-map-keys").add("type");
    // Keep apiVersion, kind, metadata, spec, status in the conventional order.
    ObjectNode ordered = schema.objectNode();
    for (String name : List.of("apiVersion", "kind", "metadata", "spec", "status")) {
      ordered.set(name, properties.get(name));
    }
    schema.set("properties", ordered);
  }

  static String classDescription(Class<?> type) {
    com.fasterxml.jackson.annotation.JsonClassDescription description =
        type.getAnnotation(com.fasterxml.jackson.annotation.JsonClassDescription.class);
    assertThat(description).as("@JsonClassDescription on %s", type.getName()).isNotNull();
    return description.value();
  }

  /** Puts the printer columns in declaration order and adds a header that says where it came from. */
  static String finish(Class<?> kind, Path generated) throws IOException {
    ObjectNode crd = (ObjectNode) YAML.readTree(generated.toFile());
    List<String> order = new ArrayList<>();
    for (AdditionalPrinterColumn column : kind.getAnnotationsByType(AdditionalPrinterColumn.class)) {
      order.add(column.name());
    }
    for (JsonNode version : crd.path("spec").path("versions")) {
      ArrayNode columns = (ArrayNode) version.get("additionalPrinterColumns");
      if (columns == null) {
        continue;
      }
      List<JsonNode> sorted = new ArrayList<>();
      columns.forEach(sorted::add);
      sorted.sort((a, b) -> Integer.compare(order.indexOf(a.get("name").asText()), order.indexOf(b.get("name").asText())));
      columns.removeAll();
      sorted.forEach(columns::add);
    }
    ObjectNode schema =
        (ObjectNode) crd.path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema");
    describe(schema, kind);
    return "# Generated from the Java types in api/ (" + kind.getName() + ").\n"
        + "# Do not edit: run e2e/bin/regenerate.\n"
        + YAML.writeValueAsString(crd);
  }
}
