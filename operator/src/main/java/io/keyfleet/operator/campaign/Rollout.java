package io.keyfleet.operator.campaign;

import io.keyfleet.api.v1alpha1.campaign.ManifestStatus;
import io.keyfleet.api.v1alpha1.common.Durations;
import io.keyfleet.operator.rotation.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The campaigns' shared means: the device ledger, the assignment writer and one assignment rate
 * limit per campaign. Counting reads only the devices a campaign assigned; choosing the next
 * devices scans the fleet's ledger entries in memory, never the API server.
 */
final class Rollout {
  /**
   * At most this many assignment writes in flight per campaign: they run in the background, so a
   * reconcile never waits for them and the status keeps following the reports.
   */
  static final int IN_FLIGHT = 256;

  private final DeviceLedger ledger;
  private final UpdateAssigner assigner;
  private final Map<String, RateLimiter> limits = new ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.atomic.AtomicInteger> inFlight = new ConcurrentHashMap<>();

  Rollout(DeviceLedger ledger, UpdateAssigner assigner) {
    this.ledger = ledger;
    this.assigner = assigner;
  }

  /**
   * The devices the waves are planned for: those eligible now, and those the campaign already
   * assigned (which may run the new version already), so that planning again gives the same sizes.
   */
  int eligibleCount(CampaignStep step) {
    var spec = step.campaign().getSpec();
    return (int) ledger.fleet(step.fleetKey()).stream()
        .filter(d -> takenBy(step, d) ? !d.revoked() : Eligibility.check(d, spec, step.campaign().getMetadata().getName()) == Eligibility.Verdict.ELIGIBLE)
        .count();
  }

  /**
   * Whether the campaign already assigned the device its manifest (or, later, its rollback). An
   * assignment by an earlier campaign of the same name has a lower sequence number and does not count.
   */
  static boolean takenBy(CampaignStep step, DeviceLedger.Device d) {
    var manifest = step.status().getManifest();
    return d.assignment() != null && manifest != null && manifest.getSequence() != null
        && d.assignment().campaign().equals(step.campaign().getMetadata().getName())
        && d.assignment().sequence() >= manifest.getSequence();
  }

  /** Per-wave tallies of the devices assigned the manifest with {@code sequence}. */
  List<WaveTally> tally(CampaignStep step, long sequence, List<Integer> sizes) {
    Duration timeout = Durations.parse(step.campaign().getSpec().getStrategy().getDeviceTimeout());
    List<WaveTally> tallies = new ArrayList<>();
    sizes.forEach(s -> tallies.add(WaveTally.EMPTY.withSize(s)));
    for (DeviceLedger.Device d : assigned(step, a -> a.sequence() == sequence)) {
      int w = Math.min(d.assignment().wave(), sizes.size() - 1);
      if (d.revoked()) {
        tallies.set(w, tallies.get(w).plusSkipped());
        continue;
      }
      tallies.set(w, tallies.get(w).plus(progress(d, timeout, step.now())));
    }
    return tallies;
  }

  /** Devices the campaign assigned, whose assignment passes the filter. */
  Collection<DeviceLedger.Device> assigned(CampaignStep step, Predicate<DeviceLedger.Assignment> filter) {
    String name = step.campaign().getMetadata().getName();
    return ledger.assignedTo(step.key()).stream()
        .filter(d -> d.assignment() != null && d.assignment().campaign().equals(name) && filter.test(d.assignment()))
        .toList();
  }

  static DeviceProgress progress(DeviceLedger.Device d, Duration timeout, Instant now) {
    var a = d.assignment();
    return DeviceProgress.of(d.reportedState(), d.reportedSequence(), a.sequence(), a.assignedAt(), timeout, now);
  }

  /**
   * How many assignments may start now, up to {@code wanted}: within the campaign's rate limit and
   * the bound on writes in flight.
   */
  int allowance(CampaignStep step, int wanted) {
    int perMinute = step.campaign().getSpec().getStrategy().getMaxDevicesPerMinute();
    RateLimiter limiter = limits.compute(step.key(), (k, l) -> l == null || l.perMinute() != perMinute ? new RateLimiter(perMinute, step.now()) : l);
    int room = IN_FLIGHT - inFlight(step.key()).get();
    int granted = 0;
    while (granted < Math.min(wanted, room) && limiter.tryTake(step.now())) {
      granted++;
    }
    return granted;
  }

  /**
   * Starts assigning the manifest to the {@code count} lowest-ranked devices that pass
   * {@code candidate}, in the campaign's deterministic order; returns how many were started.
   */
  int assign(CampaignStep step, Collection<DeviceLedger.Device> pool, Predicate<DeviceLedger.Device> candidate, int count,
      ManifestStatus manifest, String version, int wave, boolean rollback) {
    if (count <= 0) {
      return 0;
    }
    String key = step.key();
    Comparator<DeviceLedger.Device> byRank = Comparator.comparingLong(d -> WavePlan.rank(key, d.deviceId()));
    PriorityQueue<DeviceLedger.Device> worst = new PriorityQueue<>(byRank.reversed());
    for (DeviceLedger.Device d : pool) {
      if (!candidate.test(d)) {
        continue;
      }
      worst.add(d);
      if (worst.size() > count) {
        worst.poll();
      }
    }
    List<DeviceLedger.Device> chosen = new ArrayList<>(worst);
    chosen.sort(byRank);
    String name = step.campaign().getMetadata().getName();
    List<UpdateAssigner.Job> jobs = new ArrayList<>();
    for (DeviceLedger.Device d : chosen) {
      int w = rollback && d.assignment() != null ? d.assignment().wave() : wave;
      jobs.add(new UpdateAssigner.Job(d, new DeviceLedger.Assignment(name, manifest.getSequence(), version, step.now(), w, rollback),
          manifest.getReference(), manifest.getDigest()));
    }
    var counter = inFlight(key);
    counter.addAndGet(jobs.size());
    assigner.submit(jobs, written -> counter.decrementAndGet());
    return jobs.size();
  }

  private java.util.concurrent.atomic.AtomicInteger inFlight(String key) {
    return inFlight.computeIfAbsent(key, k -> new java.util.concurrent.atomic.AtomicInteger());
  }

  DeviceLedger ledger() {
    return ledger;
  }

  void forget(String key) {
    limits.remove(key);
    inFlight.remove(key);
  }
}
