package io.keyfleet.bench;

import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.identity.UpdateAssignment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When each device was first seen, through the watch, with an assignment
 * ({@code status.update}) of the campaign, and in which wave: assignment rates overall and per
 * wave.
 */
public final class AssignmentTracker {
  private final String campaign;
  private final AtomicLongArray seen;
  private final int[] waveOf;
  private final AtomicInteger assigned = new AtomicInteger();

  public AssignmentTracker(String campaign, int devices) {
    this.campaign = campaign;
    this.seen = new AtomicLongArray(devices);
    this.waveOf = new int[devices];
  }

  /** A watch event of a device, received at {@code nanos} (System.nanoTime()). */
  public void seen(DeviceIdentity d, long nanos) {
    UpdateAssignment u = d.getStatus() == null ? null : d.getStatus().getUpdate();
    if (u != null && campaign.equals(u.getCampaign())) {
      assigned(BenchObjects.deviceIndex(d.getMetadata().getName()), u.getWave() == null ? 0 : u.getWave(), nanos);
    }
  }

  /** Records the first assignment of a device only; returns whether this was it. */
  public boolean assigned(int index, int wave, long nanos) {
    if (index < 0 || index >= seen.length()) {
      return false;
    }
    waveOf[index] = wave; // written before the CAS publishes it
    if (!seen.compareAndSet(index, 0, nanos)) {
      return false;
    }
    assigned.incrementAndGet();
    return true;
  }

  public int assigned() {
    return assigned.get();
  }

  /** The devices of one wave as the watch saw them assigned. */
  public record WaveAssignments(int wave, int devices, long firstNanos, long lastNanos) {
    public double seconds() {
      return (lastNanos - firstNanos) / 1e9;
    }

    /** Devices per minute from the first to the last assignment seen; NaN for fewer than two. */
    public double perMinute() {
      return devices < 2 || lastNanos <= firstNanos ? Double.NaN : devices * 60e9 / (lastNanos - firstNanos);
    }
  }

  /** All devices as one span (wave -1). */
  public WaveAssignments overall() {
    return span(-1);
  }

  /** Each wave seen, in order. */
  public List<WaveAssignments> waves() {
    int max = -1;
    for (int i = 0; i < seen.length(); i++) {
      if (seen.get(i) != 0) {
        max = Math.max(max, waveOf[i]);
      }
    }
    List<WaveAssignments> out = new ArrayList<>();
    for (int w = 0; w <= max; w++) {
      WaveAssignments s = span(w);
      if (s.devices() > 0) {
        out.add(s);
      }
    }
    return out;
  }

  /** The wave with the most devices. */
  public Optional<WaveAssignments> largestWave() {
    return waves().stream().max(Comparator.comparingInt(WaveAssignments::devices));
  }

  private WaveAssignments span(int wave) {
    int devices = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (int i = 0; i < seen.length(); i++) {
      long t = seen.get(i);
      if (t != 0 && (wave < 0 || waveOf[i] == wave)) {
        devices++;
        first = Math.min(first, t);
        last = Math.max(last, t);
      }
    }
    return devices == 0 ? new WaveAssignments(wave, 0, 0, 0) : new WaveAssignments(wave, devices, first, last);
  }
}
