package io.keyfleet.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.api.v1alpha1.KeyRotationPolicySpec;
import io.keyfleet.api.v1alpha1.policy.MaintenanceWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyValidatorTest {
  @Test
  void defaultsAreValid() {
    assertThat(PolicyValidator.problems(new KeyRotationPolicySpec())).isEmpty();
    assertThat(PolicyReadiness.decide(new KeyRotationPolicySpec()).get(0).reason()).isEqualTo("Valid");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "90d | 30d  |       | ",
        "90d | 90d  |       | spec.certificate.renewBefore: 90d must be shorter than spec.certificate.duration 90d",
        "90d | 100d |       | spec.certificate.renewBefore: 100d must be shorter",
        "30m |      |       | spec.certificate.duration: must be at least 1h",
        "90d |      | 30d   | spec.privateKey.maxAge: 30d is shorter than one certificate's validity 90d",
        "90d |      | 365d  | ",
      })
  void durationsMustFitTogether(String duration, String renewBefore, String maxAge, String problem) {
    KeyRotationPolicySpec spec = new KeyRotationPolicySpec();
    spec.getCertificate().setDuration(duration);
    spec.getCertificate().setRenewBefore(renewBefore);
    spec.getPrivateKey().setMaxAge(maxAge);
    if (problem == null) {
      assertThat(PolicyValidator.problems(spec)).isEmpty();
    } else {
      assertThat(PolicyValidator.problems(spec)).singleElement().asString().startsWith(problem);
      assertThat(PolicyReadiness.decide(spec).get(0).reason()).isEqualTo("InvalidSpec");
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0 2 * * *       | 4h  | Europe/Berlin    | ",
        "@daily          | 1h  | UTC              | ",
        "0 2 * * MON-FRI | 4h  | America/New_York | ",
        "0 25 * * *      | 4h  | UTC              | spec.windows[0].schedule: hour 25 is outside 0-23",
        "0 2 * *         | 4h  | UTC              | spec.windows[0].schedule: cron expression '0 2 * *' has 4 fields",
        "0 2 * * *       | 8d  | UTC              | spec.windows[0].duration: 8d is longer than 7d",
        "0 2 * * *       | 4h  | Mars/Olympus     | spec.windows[0].timeZone: unknown time zone 'Mars/Olympus'",
      })
  void windowsAreChecked(String schedule, String duration, String zone, String problem) {
    KeyRotationPolicySpec spec = new KeyRotationPolicySpec();
    MaintenanceWindow w = new MaintenanceWindow();
    w.setSchedule(schedule);
    w.setDuration(duration);
    w.setTimeZone(zone);
    spec.getWindows().add(w);
    if (problem == null) {
      assertThat(PolicyValidator.problems(spec)).isEmpty();
    } else {
      assertThat(PolicyValidator.problems(spec)).singleElement().asString().startsWith(problem);
    }
  }
}
