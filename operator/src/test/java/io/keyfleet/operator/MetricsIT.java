package io.keyfleet.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.api.v1alpha1.campaign.FailureAction;
import io.keyfleet.api.v1alpha1.campaign.Wave;
import io.keyfleet.operator.testing.CampaignFixtures;
import io.keyfleet.operator.testing.LocalControlPlane;
import io.keyfleet.operator.testing.MutableClock;
import io.keyfleet.operator.testing.Resources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * GET /metrics of a running operator (in this JVM) over a fleet with a few devices, one revoked, a
 * campaign published to the registry and rolled out, a campaign whose firmware is missing, and a
 * namespace whose quota refuses every Secret (so device reconciles fail): every Keyfleet series
 * with its labels and plausible values, the framework's reconcile metrics, the JVM's, nothing per
 * device and no key material; every metric the chart's alert rules and dashboard query is in the
 * scrape; series leave with their fleet or campaign.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {
  static final int DEVICES = 4;
  static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
  static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  /** How the chart's files name metrics. */
  static final Pattern METRIC_REFERENCE = Pattern.compile("\\b(keyfleet|operator_sdk)_[a-z_]+");

  static LocalControlPlane plane;
  static KubernetesClient client;
  static CampaignFixtures fixtures;
  static String namespace;
  static String refusing;
  static KeyfleetOperator operator;
  static final MutableClock CLOCK = new MutableClock();

  /** One scraped sample. */
  record Sample(String name, Map<String, String> labels, double value) {}

  @BeforeAll
  static void start() throws Exception {
    plane = LocalControlPlane.get().withCrds();
    client = plane.client();
    fixtures = new CampaignFixtures(plane);
    String operatorNamespace = plane.createNamespace("metrics-op");
    namespace = plane.createNamespace("metrics");
    refusing = plane.createNamespace("metrics-quota");
    operator = KeyfleetOperator.start(new OperatorSettings(operatorNamespace, Set.of(namespace, refusing), "metrics-it", false, "unused",
        Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), 0, "http://127.0.0.1:8081", 4), client, CLOCK);

    fixtures.fleetWithDevices(namespace, DEVICES, d -> false);
    fixtures.campaign(namespace, "x2-2.4.1", FailureAction.Pause, fixtures.firmwareRepository(namespace), MetricsIT::oneWave);
    fixtures.awaitPhase(namespace, "x2-2.4.1", CampaignPhase.Succeeded);
    client.resources(DeviceIdentity.class).inNamespace(namespace).withName("pump-000").edit(d -> {
      d.getSpec().setRevoked(true);
      return d;
    });
    // Firmware that is not in the registry: resolving it fails, and the campaign keeps publishing.
    fixtures.campaign(namespace, "x2-9.9.9", FailureAction.Pause, fixtures.firmwareRepository(namespace), c -> {
      oneWave(c);
      c.getSpec().getFirmware().setVersion("9.9.9");
      c.getSpec().getFirmware().setArtifact(fixtures.firmwareRepository(namespace) + ":9.9.9");
    });
    // A namespace that refuses every Secret: the device's certificate cannot be written and its
    // reconciles fail (what the framework's failure counter and the alert on it are for).
    client.resourceQuotas().inNamespace(refusing).resource(new ResourceQuotaBuilder().withNewMetadata().withName("no-secrets").endMetadata()
        .withNewSpec().addToHard("secrets", new Quantity("0")).endSpec().build()).create();
    client.resources(KeyRotationPolicy.class).inNamespace(refusing).resource(Resources.policy(refusing, "standard")).create();
    client.resources(DeviceFleet.class).inNamespace(refusing).resource(Resources.fleet(refusing, "infusion", "standard")).create();
    client.resources(DeviceIdentity.class).inNamespace(refusing).resource(Resources.device(refusing, "syringe-1", "infusion")).create();
  }

  @AfterAll
  static void stop() {
    if (fixtures != null) {
      fixtures.close();
    }
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  @Order(1)
  void theScrapeShowsWhatTheOperatorDidAndSeesWithoutKeyMaterialOrPerDeviceSeries() throws Exception {
    String[] last = {""};
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
      last[0] = scrape();
      Files.writeString(Path.of("target", "metrics-it-scrape.txt"), last[0]); // to read when this fails
      assertOperatorMetrics(parse(last[0]), last[0]);
    });
    String text = last[0];

    // Nothing per device, no key material.
    assertThat(text).doesNotContain("pump-0", "syringe-1", "PRIVATE KEY", "-----BEGIN", "BEGIN CERTIFICATE");

    // Every metric the chart's alert rules and dashboard query is exposed: they cannot drift from the code.
    Set<String> exposed = parse(text).stream().map(Sample::name).collect(Collectors.toSet());
    for (String file : List.of("charts/keyfleet/files/prometheus-rules.yaml", "charts/keyfleet/files/grafana-dashboard.json")) {
      Set<String> referenced = metricReferences(Files.readString(LocalControlPlane.repositoryRoot().resolve(file)));
      assertThat(referenced).as(file + " queries metrics").isNotEmpty();
      assertThat(referenced).as(file + ": metrics it queries that /metrics does not expose")
          .allSatisfy(name -> assertThat(exposed).contains(name));
    }
  }

  @Test
  @Order(2) // moves the operator's clock forward and deletes: runs last
  void aRotatedKeyIsCountedAndADeletedFleetOrCampaignLeavesTheScrape() throws Exception {
    CLOCK.advance(Duration.ofDays(75)); // 90-day certificates renew with a third left; the policy rotates the key
    client.secrets().inNamespace(namespace).withName("pump-001-tls").edit(s -> {
      s.getMetadata().getAnnotations().put("test/poke", "renew"); // makes the operator look at the device now
      return s;
    });
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      List<Sample> samples = parse(scrape());
      assertThat(value(samples, "keyfleet_certificates_rotated_total", Map.of("namespace", namespace, "fleet", "pumps"))).isEqualTo(1);
      assertThat(value(samples, "keyfleet_certificates_renewed_total", Map.of("namespace", namespace, "fleet", "pumps"))).isZero();
      assertThat(value(samples, "keyfleet_certificates_issued_total", Map.of("namespace", namespace, "fleet", "pumps"))).isEqualTo(DEVICES);
    });

    client.resources(UpdateCampaign.class).inNamespace(namespace).withName("x2-9.9.9").delete();
    client.resources(DeviceFleet.class).inNamespace(refusing).withName("infusion").delete();
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      String text = scrape();
      assertThat(text).doesNotContain("campaign=\"x2-9.9.9\"").doesNotContain("fleet=\"infusion\"");
      assertThat(text).contains("campaign=\"x2-2.4.1\"").contains("fleet=\"pumps\"");
    });
  }

  static void oneWave(UpdateCampaign c) {
    Wave all = new Wave();
    all.setPercent(100);
    all.setSoak("0s");
    c.getSpec().getStrategy().setWaves(new ArrayList<>(List.of(all)));
  }

  void assertOperatorMetrics(List<Sample> samples, String text) {
    Map<String, String> pumps = Map.of("namespace", namespace, "fleet", "pumps");
    Instant now = CLOCK.instant();
    // Counters: what the operator did.
    assertThat(value(samples, "keyfleet_certificates_issued_total", pumps)).isEqualTo(DEVICES);
    assertThat(value(samples, "keyfleet_certificates_revoked_total", pumps)).as("the revoked device's one certificate").isEqualTo(1);
    assertThat(value(samples, "keyfleet_certificates_renewed_total", pumps)).isZero();
    assertThat(value(samples, "keyfleet_certificates_rotated_total", pumps)).isZero();
    assertThat(value(samples, "keyfleet_manifests_published_total", pumps)).isGreaterThanOrEqualTo(1);
    assertThat(value(samples, "keyfleet_manifests_signed_total", pumps)).isGreaterThanOrEqualTo(1);
    assertThat(value(samples, "keyfleet_registry_errors_total", with(pumps, "operation", "resolve"))).as("9.9.9 is not in the registry")
        .isGreaterThanOrEqualTo(1);
    assertThat(value(samples, "keyfleet_registry_errors_total", with(pumps, "operation", "publish"))).isZero();
    assertThat(value(samples, "keyfleet_registry_errors_total", with(pumps, "operation", "sign"))).isZero();

    // The fleet's gauges.
    assertThat(value(samples, "keyfleet_fleet_devices", with(pumps, "state", "total"))).isEqualTo(DEVICES);
    assertThat(value(samples, "keyfleet_fleet_devices", with(pumps, "state", "ready"))).isEqualTo(DEVICES - 1);
    assertThat(value(samples, "keyfleet_fleet_devices", with(pumps, "state", "revoked"))).isEqualTo(1);
    for (String state : List.of("renewalDue", "expiringSoon", "failed")) {
      assertThat(value(samples, "keyfleet_fleet_devices", with(pumps, "state", state))).as(state).isZero();
    }
    assertThat(value(samples, "keyfleet_fleet_certificate_earliest_expiry_timestamp_seconds", pumps))
        .as("90-day certificates issued moments ago")
        .isBetween((double) now.plus(Duration.ofDays(89)).getEpochSecond(), (double) now.plus(Duration.ofDays(91)).getEpochSecond());
    assertThat(value(samples, "keyfleet_crl_entries", pumps)).isGreaterThanOrEqualTo(1);
    assertThat(value(samples, "keyfleet_crl_age_seconds", pumps)).isBetween(0.0, 12 * 3600.0);
    assertThat(value(samples, "keyfleet_crl_next_update_timestamp_seconds", pumps)).isGreaterThan(now.getEpochSecond());
    Map<String, String> quota = Map.of("namespace", refusing, "fleet", "infusion");
    assertThat(value(samples, "keyfleet_fleet_devices", with(quota, "state", "ready"))).isZero();
    assertThat(value(samples, "keyfleet_certificates_issued_total", quota)).isZero();

    // The campaigns' gauges: one phase at 1 of every phase.
    Map<String, String> done = Map.of("namespace", namespace, "campaign", "x2-2.4.1", "fleet", "pumps");
    List<Sample> phases = select(samples, "keyfleet_campaign_phase", done);
    assertThat(phases).hasSize(CampaignPhase.values().length);
    assertThat(phases).filteredOn(s -> s.value() == 1).extracting(s -> s.labels().get("phase")).containsExactly("Succeeded");
    assertThat(value(samples, "keyfleet_campaign_devices", with(done, "state", "eligible"))).isEqualTo(DEVICES);
    // The campaign succeeds once its wave passes (95%); a report that comes later may or may not be counted.
    assertThat(value(samples, "keyfleet_campaign_devices", with(done, "state", "succeeded"))).isBetween(1.0, (double) DEVICES);
    assertThat(select(samples, "keyfleet_campaign_devices", done)).extracting(s -> s.labels().get("state"))
        .containsExactlyInAnyOrder("eligible", "assigned", "inProgress", "succeeded", "failed", "timedOut", "skipped");
    assertThat(value(samples, "keyfleet_campaign_current_wave", done)).isZero();
    Map<String, String> missing = Map.of("namespace", namespace, "campaign", "x2-9.9.9", "fleet", "pumps");
    assertThat(value(samples, "keyfleet_campaign_phase", with(missing, "phase", "Publishing"))).isEqualTo(1);

    assertThat(value(samples, "keyfleet_operator_leader", Map.of())).as("no leader election: it always leads").isEqualTo(1);

    // The framework's reconcile metrics, per controller (never per resource).
    assertThat(select(samples, "operator_sdk_reconciliations_started_total", Map.of("kind", "DeviceIdentity"))).isNotEmpty();
    assertThat(select(samples, "operator_sdk_reconciliations_success_total", Map.of("kind", "DeviceFleet"))).isNotEmpty();
    assertThat(select(samples, "operator_sdk_reconciliations_failed_total", Map.of("kind", "DeviceIdentity")))
        .as("the quota refuses the device's Secret").isNotEmpty();
    assertThat(select(samples, "operator_sdk_controllers_execution_reconcile_seconds_count", Map.of("controller", "updatecampaign")))
        .isNotEmpty();
    assertThat(samples).noneMatch(s -> s.name().startsWith("operator_sdk") && s.labels().containsKey("name"));

    // The JVM and the process.
    assertThat(text).contains("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads ", "process_cpu_usage ", "process_uptime_seconds ");
  }

  static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> all = new java.util.HashMap<>(labels);
    all.put(key, value);
    return all;
  }

  static List<Sample> select(List<Sample> samples, String name, Map<String, String> labels) {
    return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())).toList();
  }

  /** The value of the one series with this name and these labels (and perhaps others). */
  static double value(List<Sample> samples, String name, Map<String, String> labels) {
    List<Sample> found = select(samples, name, labels);
    assertThat(found).as(name + labels).hasSize(1);
    return found.get(0).value();
  }

  /** Metric names a rule file or dashboard queries; a histogram's or summary's series count as their metric. */
  static Set<String> metricReferences(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC_REFERENCE.matcher(text);
    while (m.find()) {
      names.add(m.group().replaceAll("_(bucket|count|sum)$", ""));
    }
    return names;
  }

  static String scrape() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operator.httpPort() + "/metrics")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** Samples of the text format; a histogram's or summary's series are also listed under their metric's name. */
  static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      Map<String, String> labels = new java.util.HashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      double value = Double.parseDouble(m.group(3).replace("+Inf", "Infinity"));
      samples.add(new Sample(m.group(1), labels, value));
      if (m.group(1).matches(".*_(bucket|count|sum)$")) {
        samples.add(new Sample(m.group(1).replaceAll("_(bucket|count|sum)$", ""), labels, value));
      }
    }
    return samples;
  }
}
