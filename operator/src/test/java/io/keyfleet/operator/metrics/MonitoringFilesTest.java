package io.keyfleet.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.keyfleet.operator.testing.LocalControlPlane;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The chart's alert rules and dashboard are what an operator on call reads: every alert says how
 * bad it is, what happened and where the runbook is; every dashboard panel follows the data-source
 * and namespace/fleet variables. (That they only query exposed metrics is MetricsIT's part.)
 */
class MonitoringFilesTest {
  static final Path FILES = LocalControlPlane.repositoryRoot().resolve("charts/keyfleet/files");

  static List<JsonNode> rules() throws Exception {
    JsonNode doc = new YAMLMapper().readTree(FILES.resolve("prometheus-rules.yaml").toFile());
    assertThat(doc.fieldNames()).toIterable().as("the PrometheusRule template embeds the top-level groups").containsExactly("groups");
    List<JsonNode> rules = new ArrayList<>();
    doc.get("groups").forEach(g -> {
      assertThat(g.path("name").asText()).startsWith("keyfleet.");
      g.get("rules").forEach(rules::add);
    });
    return rules;
  }

  @Test
  void everyAlertHasASeveritySummaryDescriptionAndRunbook() throws Exception {
    List<JsonNode> rules = rules();
    assertThat(rules).extracting(r -> r.path("alert").asText()).doesNotHaveDuplicates().contains(
        "KeyfleetCertificatesExpiringSoon", "KeyfleetCertificatesExpiringCritical", "KeyfleetCrlExpired", "KeyfleetCampaignPaused",
        "KeyfleetCampaignFailed", "KeyfleetCampaignAborted", "KeyfleetNoLeader", "KeyfleetReconcileFailures", "KeyfleetRegistryErrors",
        "KeyfleetCrlNearSizeLimit");
    assertThat(rules).allSatisfy(r -> {
      String alert = r.path("alert").asText();
      assertThat(alert).as("only alerting rules").isNotEmpty();
      assertThat(r.path("expr").asText()).as(alert).isNotBlank();
      assertThat(r.path("labels").path("severity").asText()).as(alert).isIn("warning", "critical");
      assertThat(r.path("annotations").path("summary").asText()).as(alert).isNotBlank();
      assertThat(r.path("annotations").path("description").asText()).as(alert).isNotBlank();
      assertThat(r.path("annotations").path("runbook_url").asText()).as(alert)
          .isEqualTo("docs/troubleshooting.md#" + alert.toLowerCase(java.util.Locale.ROOT));
      if (r.has("for")) {
        assertThat(r.get("for").asText()).as(alert).matches("\\d+[smh]");
      }
    });
  }

  @Test
  void theExpiryAlertsFireAtSevenAndTwoDays() throws Exception {
    List<JsonNode> rules = rules();
    JsonNode soon = rules.stream().filter(r -> r.path("alert").asText().equals("KeyfleetCertificatesExpiringSoon")).findFirst().orElseThrow();
    JsonNode critical = rules.stream().filter(r -> r.path("alert").asText().equals("KeyfleetCertificatesExpiringCritical")).findFirst().orElseThrow();
    assertThat(soon.path("expr").asText()).contains("< 7 * 24 * 3600").contains(">= 2 * 24 * 3600");
    assertThat(soon.path("labels").path("severity").asText()).isEqualTo("warning");
    assertThat(critical.path("expr").asText()).contains("< 2 * 24 * 3600");
    assertThat(critical.path("labels").path("severity").asText()).isEqualTo("critical");
  }

  @Test
  void everyPanelQueriesTheChosenDataSourceAndTheDashboardHasItsVariables() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(FILES.resolve("grafana-dashboard.json").toFile());
    assertThat(dashboard.path("uid").asText()).isEqualTo("keyfleet");
    List<String> variables = new ArrayList<>();
    dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
    assertThat(variables).containsExactly("datasource", "namespace", "fleet");
    List<JsonNode> panels = new ArrayList<>();
    dashboard.path("panels").forEach(p -> {
      if (!p.path("type").asText().equals("row")) {
        panels.add(p);
      }
    });
    assertThat(panels).hasSizeGreaterThanOrEqualTo(10);
    Set<Integer> ids = new java.util.HashSet<>();
    assertThat(panels).allSatisfy(p -> {
      String title = p.path("title").asText();
      assertThat(ids.add(p.path("id").asInt())).as(title + ": unique id").isTrue();
      assertThat(p.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
      assertThat(p.path("targets")).as(title).isNotEmpty();
      p.path("targets").forEach(t -> {
        assertThat(t.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
        String expr = t.path("expr").asText();
        if (expr.matches("(?s).*\\bkeyfleet_(fleet|crl|certificates|manifests|registry|campaign)_.*")) {
          assertThat(expr).as(title + ": follows the namespace and fleet variables")
              .contains("namespace=~\"$namespace\"").contains("fleet=~\"$fleet\"");
        }
      });
    });
  }
}
