package io.keyfleet.operator.identity;

import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.KeyRotationPolicySpec;
import io.keyfleet.operator.rotation.RateLimiter;
import io.keyfleet.operator.status.Indexes;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One renewal rate limiter per fleet, resized when the policy's limit changes. */
public final class FleetRateLimits {
  private record Entry(int perMinute, RateLimiter limiter) {}

  private final Map<String, Entry> limiters = new ConcurrentHashMap<>();

  public boolean tryTake(DeviceFleet fleet, KeyRotationPolicySpec policy, Instant now) {
    int perMinute = policy.getRateLimit() == null || policy.getRateLimit().getMaxPerMinute() == null ? 600 : policy.getRateLimit().getMaxPerMinute();
    Entry e = limiters.compute(Indexes.key(fleet), (k, v) -> v != null && v.perMinute() == perMinute ? v : new Entry(perMinute, new RateLimiter(perMinute, now)));
    return e.limiter().tryTake(now);
  }
}
