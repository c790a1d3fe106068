package io.keyfleet.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.operator.chart.ArgoCdHealthScripts.Case;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Argo CD health checks of the four kinds, run by the real Lua 5.1 on every object of their
 * health_test.yaml as Argo CD would run them from argocd-cm; and the generated argocd-cm.yaml and
 * Helm values, which must match the scripts. Run with -Dkeyfleet.regenerate=true (or
 * e2e/bin/regenerate) to rewrite the generated files.
 */
class ArgoCdHealthTest {
  static final boolean REGENERATE = Boolean.getBoolean("keyfleet.regenerate");
  static final String SHARED_BEGIN = "-- keyfleet: shared helpers begin";
  static final String SHARED_END = "-- keyfleet: shared helpers end";
  static final Map<String, Class<?>> TYPES = Map.of(
      "DeviceFleet", DeviceFleet.class, "DeviceIdentity", DeviceIdentity.class,
      "KeyRotationPolicy", KeyRotationPolicy.class, "UpdateCampaign", UpdateCampaign.class);
  /** Strict: a misspelt status field in the test data would test nothing. */
  static final ObjectMapper STRICT =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @TempDir Path work;

  @TestFactory
  Stream<DynamicTest> everyCaseShowsTheExpectedHealth() {
    ArgoCdHealthLua.interpreter();
    return ArgoCdHealthScripts.allCases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
      JsonNode object = ArgoCdHealthScripts.YAML.readTree(c.input().toFile());
      var health = ArgoCdHealthLua.health(ArgoCdHealthScripts.script(c.kind()), object, work);
      assertThat(health).as("health of %s", c).isEqualTo(new ArgoCdHealthLua.Health(c.status(), c.message()));
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyTestObjectIsAValidObjectOfItsKind() {
    return ArgoCdHealthScripts.allCases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
      JsonNode object = ArgoCdHealthScripts.YAML.readTree(c.input().toFile());
      assertThat(object.path("apiVersion").asText()).isEqualTo("keyfleet.io/v1alpha1");
      assertThat(object.path("kind").asText()).isEqualTo(c.kind());
      // Reading it into the Java type rejects unknown fields, misspelt enums and YAML booleans
      // where the API has the strings "True" and "False".
      STRICT.readValue(c.input().toFile(), TYPES.get(c.kind()));
    }));
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void everyTestObjectIsListedAndEveryListedOneExists(String kind) throws IOException {
    List<Case> cases = ArgoCdHealthScripts.cases(kind);
    Set<Path> listed = cases.stream().map(Case::input).collect(Collectors.toSet());
    assertThat(listed).as("inputPath listed twice in %s/health_test.yaml", kind).hasSameSizeAs(cases);
    try (Stream<Path> files = Files.list(ArgoCdHealthScripts.kindDirectory(kind).resolve("testdata"))) {
      assertThat(files.map(Path::normalize).collect(Collectors.toSet())).as("%s/testdata", kind).isEqualTo(listed);
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void everyHealthStatusIsOneArgoCdKnows(String kind) {
    assertThat(ArgoCdHealthScripts.cases(kind)).allSatisfy(c -> assertThat(ArgoCdHealthLua.STATUSES).contains(c.status()));
  }

  @Test
  void everyCampaignPhaseHasACase() throws IOException {
    Set<String> phases = new HashSet<>();
    for (Case c : ArgoCdHealthScripts.cases("UpdateCampaign")) {
      phases.add(ArgoCdHealthScripts.YAML.readTree(c.input().toFile()).path("status").path("phase").asText());
    }
    assertThat(phases).containsAll(Arrays.stream(CampaignPhase.values()).map(Enum::name).toList());
  }

  @Test
  void theScriptsShareTheirHelpersWordForWord() {
    Map<String, String> shared = ArgoCdHealthScripts.KINDS.stream()
        .collect(Collectors.toMap(Function.identity(), k -> sharedPart(ArgoCdHealthScripts.read(ArgoCdHealthScripts.script(k)))));
    assertThat(shared.values()).as("the part between '%s' and '%s'", SHARED_BEGIN, SHARED_END).allSatisfy(s -> {
      assertThat(s).isNotEmpty();
      assertThat(s).isEqualTo(shared.get("DeviceFleet"));
    });
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void scriptsFitInAYamlBlock(String kind) {
    String script = ArgoCdHealthScripts.read(ArgoCdHealthScripts.script(kind));
    assertThat(script).endsWith("\n").doesNotEndWith("\n\n").doesNotContain("\t").doesNotContain("\r");
    assertThat(script.lines()).noneMatch(l -> l.endsWith(" "));
  }

  @Test
  void aScriptThatNeedsTheStringLibraryFailsAsInArgoCd() throws IOException {
    Path script = work.resolve("uses-string.lua");
    Files.writeString(script, "return { status = string.upper(\"healthy\") }\n");
    JsonNode object = ArgoCdHealthScripts.YAML.readTree("kind: DeviceFleet\nmetadata: {name: f}\n");
    assertThat(ArgoCdHealthLua.run(script, object, work).exitCode()).isEqualTo(2);
    Files.writeString(script, "return { status = (\"Healthy\"):lower() }\n");
    assertThat(ArgoCdHealthLua.run(script, object, work).exitCode()).isEqualTo(2);
    Files.writeString(script, "return { status = \"Fine\" }\n");
    assertThat(ArgoCdHealthLua.run(script, object, work).exitCode()).isEqualTo(4);
  }

  /**
   * Argo CD applies a wave once the previous one is Healthy: the policy before the fleet that names
   * it, the fleet before its devices, and the devices (Ready, so eligible) before the campaign, which
   * comes last so that a rollout of hours never holds a sync open.
   */
  @Test
  void examplesApplyInDependencyOrder() throws IOException {
    Map<String, List<Integer>> waves = new HashMap<>();
    List<Path> examples;
    try (Stream<Path> files = Files.list(ArgoCdHealthScripts.root().resolve("examples"))) {
      examples = files.filter(p -> p.toString().endsWith(".yaml")).toList();
    }
    for (Path file : examples) {
      try (var objects = ArgoCdHealthScripts.YAML.readValues(ArgoCdHealthScripts.YAML.createParser(file.toFile()), JsonNode.class)) {
        for (JsonNode object : objects.readAll()) {
          JsonNode wave = object.path("metadata").path("annotations").path("argocd.argoproj.io/sync-wave");
          assertThat(wave.isTextual()).as("%s %s in %s has an argocd.argoproj.io/sync-wave annotation", object.path("kind").asText(),
              object.path("metadata").path("name").asText(), file.getFileName()).isTrue();
          waves.computeIfAbsent(object.path("kind").asText(), k -> new ArrayList<>()).add(Integer.parseInt(wave.asText()));
        }
      }
    }
    List<List<String>> order = List.of(
        List.of("Namespace", "KeyRotationPolicy"), List.of("DeviceFleet"), List.of("DeviceIdentity"), List.of("UpdateCampaign"));
    for (int i = 0; i + 1 < order.size(); i++) {
      int before = order.get(i).stream().flatMap(k -> waves.getOrDefault(k, List.of()).stream()).max(Integer::compare).orElseThrow();
      int after = order.get(i + 1).stream().flatMap(k -> waves.getOrDefault(k, List.of()).stream()).min(Integer::compare).orElseThrow();
      assertThat(before).as("sync wave of %s before %s", order.get(i), order.get(i + 1)).isLessThan(after);
    }
  }

  @Test
  void argoCdConfigMapIsCurrent() throws IOException {
    assertCurrent(ArgoCdHealthScripts.configMapFile(), ArgoCdHealthScripts.configMap());
    JsonNode data = ArgoCdHealthScripts.YAML.readTree(ArgoCdHealthScripts.configMapFile().toFile()).path("data");
    assertCarriesTheScripts(data);
  }

  @Test
  void argoCdHelmValuesAreCurrent() throws IOException {
    assertCurrent(ArgoCdHealthScripts.helmValuesFile(), ArgoCdHealthScripts.helmValues());
    JsonNode cm = ArgoCdHealthScripts.YAML.readTree(ArgoCdHealthScripts.helmValuesFile().toFile()).path("configs").path("cm");
    assertCarriesTheScripts(cm);
  }

  /** Read back as YAML, each key holds its script byte for byte. */
  private static void assertCarriesTheScripts(JsonNode keys) {
    assertThat(keys.size()).isEqualTo(ArgoCdHealthScripts.KINDS.size());
    for (String kind : ArgoCdHealthScripts.KINDS) {
      assertThat(keys.path(ArgoCdHealthScripts.configMapKey(kind)).asText())
          .as("%s in the generated YAML", ArgoCdHealthScripts.configMapKey(kind))
          .isEqualTo(ArgoCdHealthScripts.read(ArgoCdHealthScripts.script(kind)));
    }
  }

  private static void assertCurrent(Path committed, String generated) throws IOException {
    if (REGENERATE) {
      Files.writeString(committed, generated);
    }
    assertThat(committed)
        .as("%s is stale: run e2e/bin/regenerate and commit the result", committed)
        .exists()
        .content()
        .isEqualTo(generated);
  }

  private static String sharedPart(String script) {
    int begin = script.indexOf(SHARED_BEGIN);
    int end = script.indexOf(SHARED_END);
    return begin < 0 || end < begin ? "" : script.substring(begin, end);
  }

  static Stream<String> kinds() {
    return ArgoCdHealthScripts.KINDS.stream();
  }
}
