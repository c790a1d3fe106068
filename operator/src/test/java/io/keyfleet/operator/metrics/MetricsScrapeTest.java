package io.keyfleet.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.UpdateCampaignStatus;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.operator.fleet.FleetDeviceCounts;
import io.keyfleet.operator.http.OperatorHttpServer;
import io.keyfleet.operator.testing.Resources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus names and labels the chart's rules and dashboard rely on, as the real registry
 * writes them (dots to underscores, {@code _total} on counters), served on {@code GET /metrics}.
 */
class MetricsScrapeTest {
  static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

  /** A controller cache that is a plain list (what the informer would hold). */
  static final class ListCache<T extends HasMetadata> implements Cache<T> {
    final List<T> items = new CopyOnWriteArrayList<>();

    @Override
    public java.util.Optional<T> get(ResourceID id) {
      return items.stream().filter(i -> ResourceID.fromResource(i).equals(id)).findFirst();
    }

    @Override
    public Stream<ResourceID> keys() {
      return items.stream().map(ResourceID::fromResource);
    }

    @Override
    public Stream<T> list(Predicate<T> predicate) {
      return items.stream().filter(predicate);
    }
  }

  final OperatorMeters meters = new OperatorMeters();
  final KeyfleetMetrics metrics = new KeyfleetMetrics(meters.registry());
  final FleetDeviceCounts devices = new FleetDeviceCounts();
  final StatusGauges gauges = new StatusGauges(meters.registry(), metrics, devices, Clock.fixed(NOW, ZoneOffset.UTC));
  final ListCache<DeviceFleet> fleets = new ListCache<>();
  final ListCache<UpdateCampaign> campaigns = new ListCache<>();
  final AtomicBoolean leading = new AtomicBoolean();

  @AfterEach
  void close() {
    meters.close();
  }

  String scrape() {
    gauges.refresh();
    return meters.scrape();
  }

  void fleetAndCampaign() {
    DeviceFleet fleet = FleetSamplesTest.fleet("2026-05-01T11:00:00Z", "2026-05-02T11:00:00Z", 1L);
    fleets.items.add(fleet);
    devices.record("icu/pumps", "u1", new FleetDeviceCounts.DeviceState(true, false, false, false, false, null, 1777809600));
    devices.record("icu/pumps", "u2", new FleetDeviceCounts.DeviceState(false, false, false, true, false, null, 0));
    UpdateCampaign campaign = Resources.campaign("icu", "x2-2.4.1", "pumps");
    UpdateCampaignStatus status = new UpdateCampaignStatus();
    status.setPhase(CampaignPhase.Paused);
    status.setCurrentWave(1);
    campaign.setStatus(status);
    campaigns.items.add(campaign);
    gauges.watchFleets(fleets);
    gauges.watchCampaigns(campaigns);
    meters.leader(leading::get);
  }

  @Test
  void everyKeyfleetSeriesHasItsContractNameAndLabels() {
    fleetAndCampaign();
    metrics.issued("icu", "pumps");
    metrics.revoked("icu", "pumps", 1);
    metrics.registryError("icu", "pumps", RegistryOperation.PUBLISH);
    String scrape = scrape();
    assertThat(scrape).contains(
        "keyfleet_certificates_issued_total{fleet=\"pumps\",namespace=\"icu\"} 1.0",
        "keyfleet_certificates_renewed_total{fleet=\"pumps\",namespace=\"icu\"} 0.0",
        "keyfleet_certificates_rotated_total{fleet=\"pumps\",namespace=\"icu\"} 0.0",
        "keyfleet_certificates_revoked_total{fleet=\"pumps\",namespace=\"icu\"} 1.0",
        "keyfleet_manifests_signed_total{fleet=\"pumps\",namespace=\"icu\"} 0.0",
        "keyfleet_manifests_published_total{fleet=\"pumps\",namespace=\"icu\"} 0.0",
        "keyfleet_registry_errors_total{fleet=\"pumps\",namespace=\"icu\",operation=\"publish\"} 1.0",
        "keyfleet_registry_errors_total{fleet=\"pumps\",namespace=\"icu\",operation=\"resolve\"} 0.0",
        "keyfleet_fleet_certificate_earliest_expiry_timestamp_seconds{fleet=\"pumps\",namespace=\"icu\"} 1.7778096E9",
        "keyfleet_fleet_devices{fleet=\"pumps\",namespace=\"icu\",state=\"total\"} 2.0",
        "keyfleet_fleet_devices{fleet=\"pumps\",namespace=\"icu\",state=\"revoked\"} 1.0",
        "keyfleet_fleet_devices{fleet=\"pumps\",namespace=\"icu\",state=\"renewalDue\"} 0.0",
        "keyfleet_crl_age_seconds{fleet=\"pumps\",namespace=\"icu\"} 3600.0",
        "keyfleet_crl_next_update_timestamp_seconds{fleet=\"pumps\",namespace=\"icu\"} 1.7777196E9",
        "keyfleet_crl_entries{fleet=\"pumps\",namespace=\"icu\"} 1.0",
        "keyfleet_campaign_devices{campaign=\"x2-2.4.1\",fleet=\"pumps\",namespace=\"icu\",state=\"inProgress\"} 0.0",
        "keyfleet_campaign_current_wave{campaign=\"x2-2.4.1\",fleet=\"pumps\",namespace=\"icu\"} 1.0",
        "keyfleet_campaign_phase{campaign=\"x2-2.4.1\",fleet=\"pumps\",namespace=\"icu\",phase=\"Paused\"} 1.0",
        "keyfleet_campaign_phase{campaign=\"x2-2.4.1\",fleet=\"pumps\",namespace=\"icu\",phase=\"Rolling\"} 0.0",
        "keyfleet_operator_leader 0.0",
        "# HELP keyfleet_crl_entries Certificates on the fleet's CRL");
    leading.set(true);
    assertThat(scrape()).contains("keyfleet_operator_leader 1.0");
  }

  @Test
  void theJvmAndProcessAreMeasured() {
    assertThat(scrape()).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads ", "process_cpu_usage ", "process_uptime_seconds ",
        "jvm_gc_", "process_files_open_files ", "jvm_classes_loaded_classes ");
  }

  @Test
  void aDeletedFleetOrCampaignLeavesTheScrape() {
    fleetAndCampaign();
    assertThat(scrape()).contains("keyfleet_crl_entries{", "keyfleet_campaign_phase{", "keyfleet_certificates_issued_total{");
    campaigns.items.clear();
    assertThat(scrape()).doesNotContain("keyfleet_campaign_").contains("keyfleet_crl_entries{");
    fleets.items.clear();
    assertThat(scrape()).doesNotContain("fleet=\"pumps\"");
  }

  @Test
  void getMetricsServesTheScrapeInTheTextFormat() throws Exception {
    fleetAndCampaign();
    try (OperatorHttpServer http = new OperatorHttpServer(0, () -> true, () -> true, () -> "\"instance\":\"test\"")) {
      http.handle(MetricsEndpoint.PATH, new MetricsEndpoint(meters, gauges));
      HttpClient client = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + http.port() + "/metrics");
      HttpResponse<String> got = client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(got.headers().firstValue("Content-Type")).contains(OperatorMeters.CONTENT_TYPE);
      assertThat(got.body()).contains("keyfleet_campaign_phase{", "keyfleet_fleet_devices{");
      HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
      HttpResponse<String> other = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/metrics/x")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(other.statusCode()).isEqualTo(404);
    }
  }
}
