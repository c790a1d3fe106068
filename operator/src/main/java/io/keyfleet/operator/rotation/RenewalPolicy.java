package io.keyfleet.operator.rotation;

import io.keyfleet.api.v1alpha1.KeyRotationPolicySpec;
import io.keyfleet.api.v1alpha1.common.Durations;
import io.keyfleet.api.v1alpha1.policy.CertificateLifetime;
import io.keyfleet.api.v1alpha1.policy.KeyRotation;
import io.keyfleet.operator.rotation.RenewalDecision.Action;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Decides when a device certificate is renewed and whether its key is replaced, as a pure function
 * of the certificate, the policy and the time. Renewal is due at {@code notAfter - renewBefore},
 * moved earlier by a stable per-device jitter. Routine renewals wait for a maintenance window and
 * the fleet's rate limit, but never past the urgent point, where expiry is near: from there a
 * renewal happens whatever the window or the limit say.
 */
public final class RenewalPolicy {
  /** Share of the renewal window kept in reserve: inside it, renewal is urgent. */
  static final double URGENT_SHARE = 0.25;

  private RenewalPolicy() {}

  /** How long before notAfter renewal starts, before jitter. */
  public static Duration renewBefore(CertificateLifetime lifetime, Duration validity) {
    if (lifetime.getRenewBefore() != null) {
      Duration d = Durations.parse(lifetime.getRenewBefore());
      return d.compareTo(validity) < 0 ? d : validity.dividedBy(3);
    }
    int percent = lifetime.getRenewBeforePercent() == null ? 33 : lifetime.getRenewBeforePercent();
    return validity.multipliedBy(percent).dividedBy(100);
  }

  /**
   * When a certificate is due: notAfter - renewBefore - jitter, where jitter is a stable share (from
   * the seed, e.g. the device's uid) of up to jitterPercent of renewBefore.
   */
  public static Instant renewalTime(CertificateFacts cert, CertificateLifetime lifetime, String seed) {
    Duration before = renewBefore(lifetime, cert.validity());
    int jitterPercent = lifetime.getJitterPercent() == null ? 0 : lifetime.getJitterPercent();
    long maxJitterMillis = before.toMillis() * jitterPercent / 100;
    long jitter = maxJitterMillis == 0 ? 0 : Math.floorMod(stableHash(seed), maxJitterMillis + 1);
    return cert.notAfter().minus(before).minusMillis(jitter);
  }

  /** From this point, renewal ignores windows and rate limits: expiry is too close. */
  public static Instant urgentAfter(CertificateFacts cert, CertificateLifetime lifetime) {
    Duration before = renewBefore(lifetime, cert.validity());
    return cert.notAfter().minus(Duration.ofMillis((long) (before.toMillis() * URGENT_SHARE)));
  }

  /** Whether the key pair is old enough, by policy, to be replaced at this renewal. */
  public static boolean keyMustRotate(CertificateFacts cert, KeyRotationPolicySpec policy, Instant now) {
    var key = policy.getPrivateKey();
    if (key.getRotation() == null || key.getRotation() == KeyRotation.Always) {
      return true;
    }
    if (key.getMaxAge() == null || cert.keyCreatedAt() == null) {
      return false;
    }
    // Replace the key if it would pass maxAge before the next renewal is due.
    Duration validity = cert.validity();
    Instant keyExpiry = cert.keyCreatedAt().plus(Durations.parse(key.getMaxAge()));
    return !keyExpiry.isAfter(now.plus(validity));
  }

  /**
   * The decision for one certificate.
   *
   * @param windowOpen whether a maintenance window is open at {@code now} (true without windows)
   * @param takeToken asked only when a routine renewal would happen now: takes one unit of the
   *     fleet's rate limit and says whether one was left
   */
  public static RenewalDecision decide(
      CertificateFacts cert, KeyRotationPolicySpec policy, String seed, Instant now, boolean windowOpen,
      Predicate<Instant> takeToken) {
    CertificateLifetime lifetime = policy.getCertificate();
    Instant due = renewalTime(cert, lifetime, seed);
    if (now.isBefore(due)) {
      return new RenewalDecision(Action.KEEP, false, due, due, "not due until " + due);
    }
    boolean newKey = keyMustRotate(cert, policy, now);
    Instant urgent = urgentAfter(cert, lifetime);
    if (!now.isBefore(urgent)) {
      return new RenewalDecision(Action.RENEW, newKey, due, null, "expiry is near (" + cert.notAfter() + "): renewing outside windows and limits");
    }
    if (!windowOpen) {
      return new RenewalDecision(
          Action.WAIT_FOR_WINDOW, newKey, due, earlier(now.plus(Duration.ofMinutes(1)), urgent), "due; waiting for a maintenance window");
    }
    if (!takeToken.test(now)) {
      return new RenewalDecision(
          Action.WAIT_FOR_RATE_LIMIT, newKey, due, earlier(now.plusSeconds(10), urgent), "due; the fleet's renewal rate limit is used up");
    }
    return new RenewalDecision(Action.RENEW, newKey, due, null, "due since " + due);
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static long stableHash(String seed) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (d[i] & 0xff);
      }
      return v;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
