package io.keyfleet.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per-object times on System.nanoTime(): when its create call returned and when it was first seen
 * Ready. Either may be recorded first (a watch event can overtake the create's response).
 */
public final class LatencyRecorder {
  private final AtomicLongArray created;
  private final AtomicLongArray ready;
  private final AtomicInteger readyCount = new AtomicInteger();

  public LatencyRecorder(int count) {
    this.created = new AtomicLongArray(count);
    this.ready = new AtomicLongArray(count);
  }

  public int size() {
    return created.length();
  }

  public void created(int index, long nanos) {
    created.set(index, nanos);
  }

  /** Records the first Ready only; later events for the same object are ignored. */
  public boolean ready(int index, long nanos) {
    if (index < 0 || index >= ready.length()) {
      return false;
    }
    boolean first = ready.compareAndSet(index, 0, nanos);
    if (first) {
      readyCount.incrementAndGet();
    }
    return first;
  }

  public boolean isReady(int index) {
    return ready.get(index) != 0;
  }

  public int readyCount() {
    return readyCount.get();
  }

  public long lastReadyNanos() {
    long last = 0;
    for (int i = 0; i < ready.length(); i++) {
      last = Math.max(last, ready.get(i));
    }
    return last;
  }

  /** Create-returned to first-Ready in milliseconds, sorted, for the objects that have both. */
  public double[] sortedLatenciesMillis() {
    double[] out = new double[ready.length()];
    int n = 0;
    for (int i = 0; i < ready.length(); i++) {
      long c = created.get(i);
      long r = ready.get(i);
      if (c != 0 && r != 0) {
        out[n++] = Math.max(0, r - c) / 1e6;
      }
    }
    double[] sorted = Arrays.copyOf(out, n);
    Arrays.sort(sorted);
    return sorted;
  }

  /** The nearest-rank percentile (0 < p <= 100) of sorted values; NaN when there are none. */
  public static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }
}
