package io.keyfleet.bench;

import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.identity.UpdateAssignment;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The devices' connector, simulated in the bench process: for each device first seen with an
 * assignment of the campaign, one {@link ConnectorReports#succeeded} report (running the
 * assigned version) from a pool of threads, at once, with no Downloading step. It keeps when each
 * report's apply returned, for the report-to-count lag.
 */
public final class SimulatedConnector implements AutoCloseable {
  static final int ATTEMPTS = 3;

  private final ConnectorReports reports;
  private final String campaign;
  private final ExecutorService pool;
  private final java.util.concurrent.ScheduledExecutorService timer;
  private final long delayMillis;
  private final ConcurrentHashMap<Integer, Long> handled = new ConcurrentHashMap<>();
  private final AtomicLongArray returned;
  private final AtomicInteger applies = new AtomicInteger();
  private final AtomicInteger reported = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();

  public SimulatedConnector(ConnectorReports reports, String campaign, int devices, int threads) {
    this(reports, campaign, devices, threads, java.time.Duration.ZERO);
  }

  /** @param delay how long a device takes from its assignment to its report (its download and install) */
  public SimulatedConnector(ConnectorReports reports, String campaign, int devices, int threads, java.time.Duration delay) {
    this.reports = reports;
    this.delayMillis = delay.toMillis();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "connector-timer");
      t.setDaemon(true);
      return t;
    });
    this.campaign = campaign;
    this.returned = new AtomicLongArray(devices);
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "connector-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** A watch event of a device: reports on a new assignment of the campaign, once per device. */
  public void seen(DeviceIdentity d) {
    UpdateAssignment u = d.getStatus() == null ? null : d.getStatus().getUpdate();
    int index = BenchObjects.deviceIndex(d.getMetadata().getName());
    if (u == null || u.getSequence() == null || !campaign.equals(u.getCampaign()) || index < 0 || index >= returned.length()) {
      return;
    }
    if (handled.putIfAbsent(index, u.getSequence()) != null) {
      return;
    }
    String name = d.getMetadata().getName();
    if (delayMillis == 0) {
      pool.execute(() -> report(index, name, u));
    } else {
      timer.schedule(() -> pool.execute(() -> report(index, name, u)), delayMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  private void report(int index, String name, UpdateAssignment u) {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        applies.incrementAndGet();
        reports.succeeded(name, u.getVersion(), u.getCampaign(), u.getSequence());
        returned.set(index, System.nanoTime());
        reported.incrementAndGet();
        return;
      } catch (RuntimeException e) {
        if (attempt == ATTEMPTS) {
          failures.incrementAndGet();
          firstFailure.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
      }
    }
  }

  /** Devices whose Succeeded report was applied. */
  public int reported() {
    return reported.get();
  }

  /** Apply calls made, retries included: the bench's own writes in the campaign phase. */
  public int applies() {
    return applies.get();
  }

  /** Devices whose report failed {@value #ATTEMPTS} times. */
  public int failures() {
    return failures.get();
  }

  public String firstFailure() {
    return firstFailure.get();
  }

  /** When each applied report returned (System.nanoTime()), in time order. */
  public long[] reportTimes() {
    long[] out = new long[returned.length()];
    int n = 0;
    for (int i = 0; i < returned.length(); i++) {
      if (returned.get(i) != 0) {
        out[n++] = returned.get(i);
      }
    }
    long[] times = Arrays.copyOf(out, n);
    Arrays.sort(times);
    return times;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    pool.shutdownNow();
  }
}
