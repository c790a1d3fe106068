package io.keyfleet.operator.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import io.keyfleet.operator.pki.KeyPairs;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.signing.SigningKeyRotation.Action;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SigningKeyRotationTest {
  static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

  static SigningKey key(Instant created) {
    KeyPair pair = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
    return SigningKey.of(pair.getPublic(), pair.getPrivate(), created);
  }

  @ParameterizedTest(name = "pending={0} rotateEvery={1} requested={2} honoured={3} trusting={4}/{5} now={6} -> {7}")
  @CsvSource({
    // pending, rotateEvery, requested, honoured, trusting, needing, now, expected
    "false, ,     ,   ,   0, 0,  2027-06-01T00:00:00Z, KEEP", // no schedule, no request
    "false, 365d, ,   ,   0, 0,  2026-12-31T23:59:59Z, KEEP", // not yet due
    "false, 365d, ,   ,   0, 0,  2027-01-01T00:00:00Z, START", // due
    "false, ,     r1, ,   0, 0,  2026-02-01T00:00:00Z, START", // requested
    "false, ,     r1, r1, 0, 0,  2026-02-01T00:00:00Z, KEEP", // request already honoured
    "false, ,     r2, r1, 0, 0,  2026-02-01T00:00:00Z, START", // a new request
    "true,  365d, ,   ,   9, 10, 2028-01-01T00:00:00Z, KEEP", // pending: not every Secret has it
    "true,  ,     r3, r2, 9, 10, 2026-02-01T00:00:00Z, KEEP", // a new request waits for the running rotation
    "true,  ,     ,   ,   10, 10, 2026-02-01T00:00:00Z, ACTIVATE", // every Secret trusts it
    "true,  ,     ,   ,   0, 0,  2026-02-01T00:00:00Z, ACTIVATE", // no device issued yet
  })
  void decides(boolean pending, String rotateEvery, String requested, String honoured, long trusting, long needing, Instant now,
      Action expected) {
    SigningKeySet keys = SigningKeySet.of(key(CREATED));
    if (pending) {
      keys = keys.withPending(key(CREATED.plusSeconds(60)));
    }
    Duration every = rotateEvery == null ? null : io.keyfleet.api.v1alpha1.common.Durations.parse(rotateEvery);
    var decision = SigningKeyRotation.decide(keys, every, requested, honoured, trusting, needing, now);
    assertThat(decision.action()).as(decision.why()).isEqualTo(expected);
  }

  @Test
  void scheduledRotationSaysWhenToLookAgain() {
    var decision = SigningKeyRotation.decide(SigningKeySet.of(key(CREATED)), Duration.ofDays(30), null, null, 0, 0, CREATED);
    assertThat(decision.recheckAt()).isEqualTo(CREATED.plus(Duration.ofDays(30)));
  }

  @Test
  void aRotationPublishesTheNewKeyFirstAndKeepsTheOldOneTrustedAfter() {
    SigningKey first = key(CREATED);
    SigningKey second = key(CREATED.plusSeconds(1));
    SigningKey third = key(CREATED.plusSeconds(2));
    SigningKeySet keys = SigningKeySet.of(first);
    assertThat(keys.trustedKeyIds()).containsExactly(first.id());

    SigningKeySet rotating = keys.withPending(second);
    assertThat(rotating.active().id()).as("the old key still signs").isEqualTo(first.id());
    assertThat(rotating.trustedKeyIds()).containsExactly(second.id(), first.id());

    SigningKeySet rotated = rotating.activatePending();
    assertThat(rotated.active().id()).isEqualTo(second.id());
    assertThat(rotated.trustedKeyIds()).containsExactly(second.id(), first.id());
    assertThat(rotated.previous().orElseThrow().privateKey()).as("a retired key keeps no private half").isEmpty();
    assertThat(rotated.bundleId()).as("activation changes no device Secret").isEqualTo(rotating.bundleId());
    assertThat(rotated.trustBundlePem()).isEqualTo(rotating.trustBundlePem());

    SigningKeySet next = rotated.withPending(third);
    assertThat(next.trustedKeyIds()).as("the key two rotations back is dropped").containsExactly(third.id(), second.id());
    assertThat(next.bundleId()).isNotEqualTo(rotated.bundleId());
  }

  @Test
  void theTrustBundleHoldsEveryTrustedPublicKeyAndNoPrivateKey() {
    SigningKeySet keys = SigningKeySet.of(key(CREATED)).withPending(key(CREATED.plusSeconds(1)));
    String pem = keys.trustBundlePem();
    assertThat(Pem.parsePublicKeys(pem)).extracting(SigningKey::idOf).containsExactlyElementsOf(keys.trustedKeyIds());
    assertThat(pem).doesNotContain("PRIVATE");
  }

  @Test
  void anActiveKeyNeedsItsPrivateHalfAndIdsMatchTheirKeys() {
    SigningKey k = key(CREATED);
    assertThatThrownBy(() -> SigningKeySet.of(k.publicOnly())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SigningKey("0000000000000000", k.publicKey(), k.privateKey(), CREATED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(k.toString()).doesNotContain("PRIVATE").contains(k.id());
  }
}
