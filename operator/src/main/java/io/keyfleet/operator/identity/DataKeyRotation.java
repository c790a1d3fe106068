package io.keyfleet.operator.identity;

import io.keyfleet.api.v1alpha1.common.Durations;
import io.keyfleet.api.v1alpha1.policy.DataKeyPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides the data-key versions a device should hold: a first version when enabled, a new one
 * every rotateEvery, the newest retainVersions kept for decryption and older ones destroyed; none
 * at all when data keys are disabled.
 */
public final class DataKeyRotation {
  private DataKeyRotation() {}

  /** One data-key version a device holds. */
  public record Version(int version, Instant createdAt) {}

  /** What to change: whether to add a version (number {@code newVersion}), which to destroy, when to look again. */
  public record Plan(boolean add, int newVersion, List<Integer> destroy, Instant nextRotation) {
    public boolean changes() {
      return add || !destroy.isEmpty();
    }
  }

  public static Plan plan(List<Version> held, DataKeyPolicy policy, Instant now) {
    List<Version> sorted = new ArrayList<>(held);
    sorted.sort(Comparator.comparingInt(Version::version));
    if (policy == null || !Boolean.TRUE.equals(policy.getEnabled())) {
      return new Plan(false, 0, sorted.stream().map(Version::version).toList(), null);
    }
    var every = Durations.parse(policy.getRotateEvery());
    int retain = policy.getRetainVersions() == null ? 3 : policy.getRetainVersions();
    Version newest = sorted.isEmpty() ? null : sorted.get(sorted.size() - 1);
    boolean add = newest == null || !now.isBefore(newest.createdAt().plus(every));
    int newVersion = newest == null ? 1 : newest.version() + 1;
    int keepFrom = sorted.size() + (add ? 1 : 0) - retain;
    List<Integer> destroy = new ArrayList<>();
    for (int i = 0; i < keepFrom && i < sorted.size(); i++) {
      destroy.add(sorted.get(i).version());
    }
    Instant next = (add ? now : newest.createdAt()).plus(every);
    return new Plan(add, add ? newVersion : 0, destroy, next);
  }
}
