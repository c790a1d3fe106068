package io.keyfleet.operator.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.KeyRotationPolicySpec;
import io.keyfleet.api.v1alpha1.policy.KeyRotation;
import io.keyfleet.operator.rotation.RenewalDecision.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenewalPolicyTest {
  static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
  // 90-day certificate: notAfter 2026-04-01; a third before is 30 days (renewal from 2026-03-02)
  static final CertificateFacts CERT = new CertificateFacts(ISSUED, ISSUED.plus(Duration.ofDays(90)), ISSUED);

  static KeyRotationPolicySpec policy(String renewBefore, Integer percent, int jitter) {
    KeyRotationPolicySpec p = new KeyRotationPolicySpec();
    p.getCertificate().setRenewBefore(renewBefore);
    p.getCertificate().setRenewBeforePercent(percent);
    p.getCertificate().setJitterPercent(jitter);
    return p;
  }

  @ParameterizedTest(name = "renewBefore={0} percent={1} -> {2}")
  @CsvSource({
    ", , 2026-03-02T07:12:00Z", // default: 33% of 90 d = 29.7 d
    "30d, , 2026-03-02T00:00:00Z",
    ", 10, 2026-03-23T00:00:00Z",
    ", 50, 2026-02-15T00:00:00Z",
    "200d, , 2026-03-02T00:00:00Z", // longer than the validity: fall back to a third
  })
  void renewalTimeWithoutJitter(String renewBefore, Integer percent, Instant expected) {
    assertThat(RenewalPolicy.renewalTime(CERT, policy(renewBefore, percent, 0).getCertificate(), "seed")).isEqualTo(expected);
  }

  @Test
  void jitterIsStablePerDeviceAndSpreadsWithinItsBound() {
    var lifetime = policy("30d", null, 10).getCertificate();
    Instant latest = Instant.parse("2026-03-02T00:00:00Z");
    Instant earliest = latest.minus(Duration.ofDays(3));
    Set<Instant> distinct = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      Instant t = RenewalPolicy.renewalTime(CERT, lifetime, "device-" + i);
      assertThat(t).isBetween(earliest, latest);
      assertThat(RenewalPolicy.renewalTime(CERT, lifetime, "device-" + i)).isEqualTo(t);
      distinct.add(t);
    }
    assertThat(distinct).as("1,000 devices spread over 3 days").hasSizeGreaterThan(990);
  }

  @ParameterizedTest(name = "{0}: window={1} token={2} -> {3}")
  @CsvSource({
    // now, window open, token available, expected action
    "2026-02-01T00:00:00Z, true,  true,  KEEP",
    "2026-03-05T00:00:00Z, true,  true,  RENEW",
    "2026-03-05T00:00:00Z, false, true,  WAIT_FOR_WINDOW",
    "2026-03-05T00:00:00Z, true,  false, WAIT_FOR_RATE_LIMIT",
    // inside the last quarter of the renewal window (from 2026-03-24T12:00Z): urgent
    "2026-03-25T00:00:00Z, false, false, RENEW",
    "2026-03-31T23:00:00Z, false, true,  RENEW",
  })
  void decides(Instant now, boolean windowOpen, boolean token, Action expected) {
    RenewalDecision d = RenewalPolicy.decide(CERT, policy("30d", null, 0), "seed", now, windowOpen, t -> token);
    assertThat(d.action()).isEqualTo(expected);
    assertThat(d.renewalTime()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
    if (expected == Action.WAIT_FOR_WINDOW || expected == Action.WAIT_FOR_RATE_LIMIT) {
      assertThat(d.recheckAt()).isAfter(now).isBeforeOrEqualTo(Instant.parse("2026-03-24T12:00:00Z"));
    }
  }

  @Test
  void theRateLimitIsOnlyAskedWhenARoutineRenewalWouldHappen() {
    int[] asked = {0};
    RenewalPolicy.decide(CERT, policy("30d", null, 0), "s", Instant.parse("2026-02-01T00:00:00Z"), true, t -> ++asked[0] > 0);
    RenewalPolicy.decide(CERT, policy("30d", null, 0), "s", Instant.parse("2026-03-05T00:00:00Z"), false, t -> ++asked[0] > 0);
    RenewalPolicy.decide(CERT, policy("30d", null, 0), "s", Instant.parse("2026-03-30T00:00:00Z"), true, t -> ++asked[0] > 0);
    assertThat(asked[0]).isZero();
  }

  @ParameterizedTest(name = "rotation={0} maxAge={1} keyAge={2}d -> newKey={3}")
  @CsvSource({
    "Always, ,     0,   true",
    "Never,  365d, 0,   false",
    "Never,  365d, 200, false",
    "Never,  365d, 280, true", // 280 + 90 days of the next certificate passes 365
    "Never,  180d, 100, true",
  })
  void keyRotation(KeyRotation rotation, String maxAge, int keyAgeDays, boolean expected) {
    KeyRotationPolicySpec p = policy("30d", null, 0);
    p.getPrivateKey().setRotation(rotation);
    p.getPrivateKey().setMaxAge(maxAge);
    Instant now = Instant.parse("2026-03-05T00:00:00Z");
    CertificateFacts cert = new CertificateFacts(ISSUED, ISSUED.plus(Duration.ofDays(90)), now.minus(Duration.ofDays(keyAgeDays)));
    assertThat(RenewalPolicy.keyMustRotate(cert, p, now)).isEqualTo(expected);
  }
}
