package io.keyfleet.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Argo CD health checks in charts/keyfleet/argocd, in Argo CD's resource-customization layout
 * ({@code health/keyfleet.io/<Kind>/health.lua}, {@code health_test.yaml}, {@code testdata/}), and
 * the two files generated from them: the argocd-cm ConfigMap keys and the same keys as values of
 * the Argo CD Helm chart.
 */
final class ArgoCdHealthScripts {
  static final List<String> KINDS = List.of("DeviceFleet", "DeviceIdentity", "KeyRotationPolicy", "UpdateCampaign");
  static final String GROUP = "keyfleet.io";
  static final YAMLMapper YAML = new YAMLMapper();

  /** One entry of a health_test.yaml: an object and the health Argo CD must show for it. */
  record Case(String kind, Path input, String status, String message) {
    @Override
    public String toString() {
      return kind + "/" + input.getParent().getFileName() + "/" + input.getFileName();
    }
  }

  private ArgoCdHealthScripts() {}

  static Path root() {
    return Path.of(System.getProperty("keyfleet.root", "..")).toAbsolutePath().normalize();
  }

  static Path directory() {
    return root().resolve("charts/keyfleet/argocd");
  }

  static Path kindDirectory(String kind) {
    return directory().resolve("health").resolve(GROUP).resolve(kind);
  }

  static Path script(String kind) {
    return kindDirectory(kind).resolve("health.lua");
  }

  static Path configMapFile() {
    return directory().resolve("argocd-cm.yaml");
  }

  static Path helmValuesFile() {
    return directory().resolve("argo-cd-values.yaml");
  }

  /** The argocd-cm key Argo CD reads a kind's health check from. */
  static String configMapKey(String kind) {
    return "resource.customizations.health." + GROUP + "_" + kind;
  }

  static List<Case> cases(String kind) {
    try {
      JsonNode tests = YAML.readTree(kindDirectory(kind).resolve("health_test.yaml").toFile()).path("tests");
      List<Case> cases = new ArrayList<>();
      for (JsonNode test : tests) {
        cases.add(new Case(kind, kindDirectory(kind).resolve(test.path("inputPath").asText()).normalize(),
            test.path("healthStatus").path("status").asText(), test.path("healthStatus").path("message").asText()));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Case> allCases() {
    return KINDS.stream().flatMap(k -> cases(k).stream()).toList();
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The argocd-cm ConfigMap with the four health checks, to apply next to Argo CD's own keys. */
  static String configMap() {
    return header("Argo CD's argocd-cm ConfigMap: the Keyfleet health checks, one key per kind.",
            "Add them with: kubectl apply --server-side --field-manager keyfleet -n argocd -f argocd-cm.yaml")
        + """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: argocd-cm
          labels:
            app.kubernetes.io/name: argocd-cm
            app.kubernetes.io/part-of: argocd
        data:
        """
        + scripts("  ");
  }

  /** The same keys as values of the Argo CD Helm chart (argo/argo-cd), which writes argocd-cm. */
  static String helmValues() {
    return header("Values for the Argo CD Helm chart (argo/argo-cd): the Keyfleet health checks in argocd-cm.",
            "Add them with: helm upgrade argocd argo/argo-cd -n argocd --reuse-values -f argo-cd-values.yaml")
        + """
        configs:
          cm:
        """
        + scripts("    ");
  }

  private static String header(String what, String how) {
    return "# Generated from health/keyfleet.io/<Kind>/health.lua by ArgoCdHealthTest. Do not edit:\n"
        + "# run e2e/bin/regenerate. See docs/argocd.md.\n"
        + "# " + what + "\n"
        + "# " + how + "\n";
  }

  private static String scripts(String indent) {
    StringBuilder out = new StringBuilder();
    for (String kind : KINDS) {
      out.append(indent).append(configMapKey(kind)).append(": |\n");
      for (String line : read(script(kind)).split("\n", -1)) {
        if (!line.isEmpty()) {
          out.append(indent).append("  ").append(line);
        }
        out.append('\n');
      }
      // split keeps an empty last element after the final newline: one newline too many.
      out.setLength(out.length() - 1);
    }
    return out.toString();
  }
}
