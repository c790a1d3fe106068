package io.keyfleet.operator.policy;

import io.keyfleet.api.v1alpha1.KeyRotationPolicySpec;
import io.keyfleet.api.v1alpha1.common.Durations;
import io.keyfleet.api.v1alpha1.policy.CertificateLifetime;
import io.keyfleet.api.v1alpha1.policy.MaintenanceWindow;
import io.keyfleet.operator.schedule.CronSchedule;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a KeyRotationPolicy for what the CRD schema cannot: durations that must relate to each
 * other, cron expressions and time zones. Each problem names its field.
 */
public final class PolicyValidator {
  /** Longest maintenance window: longer ones would make windows meaningless. */
  static final Duration MAX_WINDOW = Duration.ofDays(7);

  private PolicyValidator() {}

  public static List<String> problems(KeyRotationPolicySpec spec) {
    List<String> problems = new ArrayList<>();
    CertificateLifetime cert = spec.getCertificate();
    Duration validity = duration(cert.getDuration(), "spec.certificate.duration", problems);
    if (validity != null && validity.compareTo(Duration.ofHours(1)) < 0) {
      problems.add("spec.certificate.duration: must be at least 1h, is " + cert.getDuration());
    }
    if (cert.getRenewBefore() != null) {
      Duration before = duration(cert.getRenewBefore(), "spec.certificate.renewBefore", problems);
      if (validity != null && before != null && before.compareTo(validity) >= 0) {
        problems.add(
            "spec.certificate.renewBefore: " + cert.getRenewBefore()
                + " must be shorter than spec.certificate.duration " + cert.getDuration());
      }
    }
    if (spec.getPrivateKey().getMaxAge() != null) {
      Duration maxAge = duration(spec.getPrivateKey().getMaxAge(), "spec.privateKey.maxAge", problems);
      if (validity != null && maxAge != null && maxAge.compareTo(validity) < 0) {
        problems.add(
            "spec.privateKey.maxAge: " + spec.getPrivateKey().getMaxAge()
                + " is shorter than one certificate's validity " + cert.getDuration()
                + "; every certificate would outlive its key");
      }
    }
    duration(spec.getRevocation().getSupersededGracePeriod(), "spec.revocation.supersededGracePeriod", problems);
    duration(spec.getDataKeys().getRotateEvery(), "spec.dataKeys.rotateEvery", problems);
    for (int i = 0; i < spec.getWindows().size(); i++) {
      problems.addAll(windowProblems(spec.getWindows().get(i), "spec.windows[" + i + "]"));
    }
    return problems;
  }

  /** Problems of one maintenance window; shared with campaigns, whose windows have the same shape. */
  public static List<String> windowProblems(MaintenanceWindow window, String field) {
    List<String> problems = new ArrayList<>();
    try {
      CronSchedule.parse(window.getSchedule());
    } catch (IllegalArgumentException e) {
      problems.add(field + ".schedule: " + e.getMessage());
    }
    Duration length = duration(window.getDuration(), field + ".duration", problems);
    if (length != null && length.compareTo(MAX_WINDOW) > 0) {
      problems.add(field + ".duration: " + window.getDuration() + " is longer than 7d");
    }
    try {
      ZoneId.of(window.getTimeZone() == null ? "UTC" : window.getTimeZone());
    } catch (RuntimeException e) {
      problems.add(field + ".timeZone: unknown time zone '" + window.getTimeZone() + "'");
    }
    return problems;
  }

  private static Duration duration(String text, String field, List<String> problems) {
    if (text == null) {
      return null;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      problems.add(field + ": " + e.getMessage());
      return null;
    }
  }
}
