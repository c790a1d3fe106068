package io.keyfleet.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.common.Condition;
import io.keyfleet.operator.status.Conditions.Decision;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  static final Clock T0 = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  static final Clock T1 = Clock.fixed(Instant.parse("2026-01-02T12:30:45.678Z"), ZoneOffset.UTC);

  @Test
  void newConditionsTransitionNow() {
    List<Condition> result =
        Conditions.merge(null, List.of(Decision.isFalse("Ready", "FleetNotFound", "no fleet")), 3, T0);
    assertThat(result)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo(Condition.Status.False);
              assertThat(c.getReason()).isEqualTo("FleetNotFound");
              assertThat(c.getObservedGeneration()).isEqualTo(3);
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
            });
  }

  @Test
  void transitionTimeStaysWhileStatusStaysEvenIfReasonChanges() {
    List<Condition> first = Conditions.merge(null, List.of(Decision.isFalse("Ready", "FleetNotFound", "a")), 1, T0);
    List<Condition> second = Conditions.merge(first, List.of(Decision.isFalse("Ready", "FleetNotReady", "b")), 2, T1);
    assertThat(second.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(second.get(0).getReason()).isEqualTo("FleetNotReady");
    assertThat(second.get(0).getObservedGeneration()).isEqualTo(2);
  }

  @Test
  void transitionTimeMovesWhenStatusFlips() {
    List<Condition> first = Conditions.merge(null, List.of(Decision.isFalse("Ready", "FleetNotFound", "a")), 1, T0);
    List<Condition> second = Conditions.merge(first, List.of(Decision.isTrue("Ready", "Ready", "b")), 1, T1);
    assertThat(second.get(0).getLastTransitionTime()).isEqualTo("2026-01-02T12:30:45Z");
  }

  @Test
  void readyComesFirstThenByTypeAndDroppedTypesDisappear() {
    List<Condition> before =
        Conditions.merge(null, List.of(Decision.isTrue("Stale", "X", "x"), Decision.isTrue("Ready", "R", "r")), 1, T0);
    List<Condition> after =
        Conditions.merge(
            before,
            List.of(
                Decision.isFalse("Revoked", "NotRevoked", "n"),
                Decision.isFalse("Issued", "AwaitingIssuance", "i"),
                Decision.isTrue("Ready", "R", "r")),
            1,
            T1);
    assertThat(after).extracting(Condition::getType).containsExactly("Ready", "Issued", "Revoked");
  }

  @Test
  void mergingTheSameDecisionsTwiceIsStable() {
    List<Decision> decisions = List.of(Decision.isTrue("Ready", "Valid", "ok"));
    List<Condition> once = Conditions.merge(null, decisions, 1, T0);
    assertThat(Conditions.merge(once, decisions, 1, T1)).isEqualTo(once);
  }
}
