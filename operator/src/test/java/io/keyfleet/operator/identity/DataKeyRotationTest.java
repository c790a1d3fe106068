package io.keyfleet.operator.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.policy.DataKeyPolicy;
import io.keyfleet.operator.identity.DataKeyRotation.Plan;
import io.keyfleet.operator.identity.DataKeyRotation.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataKeyRotationTest {
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @ParameterizedTest(name = "enabled={0} held versions aged {1} days -> add={2} destroy={3}")
  @CsvSource(
      delimiter = '|',
      value = {
        // enabled | ages of held versions (oldest first) | add | destroyed versions
        "true  |             | true  | ",
        "true  | 10          | false | ",
        "true  | 30          | true  | ",
        "true  | 70,40,10    | false | ",
        "true  | 100,70,40   | true  | 1",
        "true  | 130,100,70,40 | true | 1,2",
        "false | 70,40,10    | false | 1,2,3",
        "false |             | false | ",
      })
  void plans(boolean enabled, String ages, boolean add, String destroyed) {
    DataKeyPolicy policy = new DataKeyPolicy();
    policy.setEnabled(enabled);
    policy.setRotateEvery("30d");
    policy.setRetainVersions(3);
    List<Version> held = new ArrayList<>();
    if (ages != null) {
      String[] a = ages.split(",");
      for (int i = 0; i < a.length; i++) {
        held.add(new Version(i + 1, NOW.minus(Duration.ofDays(Long.parseLong(a[i].trim())))));
      }
    }
    Plan plan = DataKeyRotation.plan(held, policy, NOW);
    assertThat(plan.add()).isEqualTo(add);
    if (add) {
      assertThat(plan.newVersion()).isEqualTo(held.size() + 1);
    }
    List<Integer> expected = destroyed == null ? List.of() : java.util.Arrays.stream(destroyed.split(",")).map(String::trim).map(Integer::valueOf).toList();
    assertThat(plan.destroy()).isEqualTo(expected);
    if (enabled) {
      assertThat(plan.nextRotation()).isAfter(NOW);
    }
  }
}
