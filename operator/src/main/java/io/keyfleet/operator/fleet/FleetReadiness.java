package io.keyfleet.operator.fleet;

import static io.keyfleet.api.v1alpha1.common.ConditionTypes.READY;

import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.api.v1alpha1.fleet.CertificateTemplate;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.status.Conditions.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Decides whether a DeviceFleet's references and templates let it issue. */
public final class FleetReadiness {
  public static final String READY_REASON = "Ready";
  public static final String POLICY_NOT_FOUND = "RotationPolicyNotFound";
  public static final String POLICY_INVALID = "RotationPolicyInvalid";
  public static final String INVALID_TEMPLATE = "InvalidCertificateTemplate";

  static final Set<String> PLACEHOLDERS = Set.of("deviceId", "fleet", "namespace", "model");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

  private FleetReadiness() {}

  public static List<Decision> decide(DeviceFleet fleet, Optional<KeyRotationPolicy> policy) {
    String policyName = fleet.getSpec().getRotationPolicyRef().getName();
    String namespace = fleet.getMetadata().getNamespace();
    if (policy.isEmpty()) {
      return notReady(
          POLICY_NOT_FOUND,
          "KeyRotationPolicy '" + policyName + "' (spec.rotationPolicyRef.name) does not exist in namespace '"
              + namespace + "'");
    }
    var policyReady = Conditions.find(policy.get().getStatus() == null ? null : policy.get().getStatus().getConditions(), READY);
    if (policyReady.isPresent() && policyReady.get().getStatus() != io.keyfleet.api.v1alpha1.common.Condition.Status.True) {
      return notReady(
          POLICY_INVALID,
          "KeyRotationPolicy '" + policyName + "' (spec.rotationPolicyRef.name) is not valid: "
              + policyReady.get().getMessage());
    }
    List<String> templateProblems = templateProblems(fleet.getSpec().getCertificate());
    if (!templateProblems.isEmpty()) {
      return notReady(INVALID_TEMPLATE, String.join("; ", templateProblems));
    }
    return List.of(Decision.isTrue(READY, READY_REASON, "rotation policy '" + policyName + "' and issuer resolved"));
  }

  /** Placeholders in the subject and SAN templates that no device can fill. */
  static List<String> templateProblems(CertificateTemplate template) {
    List<String> problems = new ArrayList<>();
    if (template == null) {
      return problems;
    }
    var subject = template.getSubject();
    if (subject != null) {
      check(subject.getCommonName(), "spec.certificate.subject.commonName", problems);
      check(subject.getOrganization(), "spec.certificate.subject.organization", problems);
      check(subject.getOrganizationalUnit(), "spec.certificate.subject.organizationalUnit", problems);
    }
    for (int i = 0; i < template.getDnsNames().size(); i++) {
      check(template.getDnsNames().get(i), "spec.certificate.dnsNames[" + i + "]", problems);
    }
    for (int i = 0; i < template.getUris().size(); i++) {
      check(template.getUris().get(i), "spec.certificate.uris[" + i + "]", problems);
    }
    return problems;
  }

  private static void check(String value, String field, List<String> problems) {
    if (value == null) {
      return;
    }
    Matcher m = PLACEHOLDER.matcher(value);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        problems.add(
            field + ": unknown placeholder {" + m.group(1) + "}; use {deviceId}, {fleet}, {namespace} or {model}");
      }
    }
  }

  private static List<Decision> notReady(String reason, String message) {
    return List.of(Decision.isFalse(READY, reason, message));
  }
}
