package io.keyfleet.operator.metrics;

import io.javaoperatorsdk.operator.processing.event.source.Cache;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.operator.fleet.FleetDeviceCounts;
import io.keyfleet.operator.status.Indexes;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The gauges of fleets and campaigns, taken at scrape time from what the operator already holds:
 * the controllers' caches of DeviceFleets and UpdateCampaigns (with the status the operator wrote)
 * and the fleets' device tallies. A fleet or campaign that leaves the cache (deleted) leaves the
 * scrape, and so do its fleet's counters.
 */
public final class StatusGauges {
  private final GaugeSet gauges;
  private final KeyfleetMetrics counters;
  private final FleetDeviceCounts devices;
  private final Clock clock;
  private volatile Cache<DeviceFleet> fleets;
  private volatile Cache<UpdateCampaign> campaigns;

  public StatusGauges(MeterRegistry registry, KeyfleetMetrics counters, FleetDeviceCounts devices, Clock clock) {
    this.gauges = new GaugeSet(registry, MetricNames.GAUGE_DESCRIPTIONS);
    this.counters = counters;
    this.devices = devices;
    this.clock = clock;
  }

  /** The fleets' controller hands over its cache of fleets (when it prepares its event sources). */
  public void watchFleets(Cache<DeviceFleet> fleets) {
    this.fleets = fleets;
  }

  /** The campaigns' controller hands over its cache of campaigns. */
  public void watchCampaigns(Cache<UpdateCampaign> campaigns) {
    this.campaigns = campaigns;
  }

  /** Brings the gauges up to date with the caches; called before every scrape. */
  public synchronized void refresh() {
    Instant now = clock.instant();
    List<GaugeSample> samples = new ArrayList<>();
    Set<KeyfleetMetrics.FleetId> inView = new HashSet<>();
    for (DeviceFleet fleet : list(fleets)) {
      String key = Indexes.key(fleet);
      inView.add(new KeyfleetMetrics.FleetId(fleet.getMetadata().getNamespace(), fleet.getMetadata().getName()));
      samples.addAll(FleetSamples.of(fleet, devices.counts(key), devices.earliestNotAfter(key), now));
    }
    for (UpdateCampaign campaign : list(campaigns)) {
      samples.addAll(CampaignSamples.of(campaign));
    }
    gauges.update(samples);
    if (fleets != null) {
      counters.retain(inView);
    }
  }

  private static <T> List<T> list(Cache<T> cache) {
    if (cache == null) {
      return List.of();
    }
    try (Stream<T> items = cache.list()) {
      return items.toList();
    } catch (RuntimeException e) {
      // The controller has not started its informer (a standby replica): nothing to show yet.
      return List.of();
    }
  }
}
