package io.keyfleet.operator.policy;

import static io.keyfleet.api.v1alpha1.common.ConditionTypes.READY;

import io.keyfleet.api.v1alpha1.KeyRotationPolicySpec;
import io.keyfleet.operator.status.Conditions.Decision;
import java.util.List;

/** Decides the conditions of a KeyRotationPolicy. */
public final class PolicyReadiness {
  public static final String VALID = "Valid";
  public static final String INVALID_SPEC = "InvalidSpec";

  private PolicyReadiness() {}

  public static List<Decision> decide(KeyRotationPolicySpec spec) {
    List<String> problems = PolicyValidator.problems(spec);
    if (problems.isEmpty()) {
      return List.of(Decision.isTrue(READY, VALID, "the policy is valid"));
    }
    return List.of(Decision.isFalse(READY, INVALID_SPEC, String.join("; ", problems)));
  }
}
