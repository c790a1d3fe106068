package io.keyfleet.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.api.v1alpha1.common.Condition;
import io.keyfleet.api.v1alpha1.policy.MaintenanceWindow;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.testing.LocalControlPlane;
import io.keyfleet.operator.testing.MutableClock;
import io.keyfleet.operator.testing.Resources;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A due renewal waits for the policy's maintenance window, happens inside it, and happens
 * regardless once expiry is near (the operator runs in this JVM with a clock the test sets).
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class MaintenanceWindowIT {
  static final MutableClock CLOCK = new MutableClock();
  static LocalControlPlane plane;
  static KubernetesClient client;
  static String namespace;
  static KeyfleetOperator operator;

  @BeforeAll
  static void start() throws Exception {
    plane = LocalControlPlane.get().withCrds();
    client = plane.client();
    namespace = plane.createNamespace("window");
    operator = KeyfleetOperator.start(new OperatorSettings(namespace, Set.of(namespace), "window-it", false, "unused",
        Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), 0, "http://127.0.0.1:8081", 16), client, CLOCK);
    KeyRotationPolicy policy = Resources.policy(namespace, "nightly");
    policy.getSpec().getCertificate().setRenewBefore("30d");
    policy.getSpec().getCertificate().setJitterPercent(0);
    MaintenanceWindow window = new MaintenanceWindow();
    window.setSchedule("0 3 * * *");
    window.setDuration("1h");
    window.setTimeZone("UTC");
    policy.getSpec().getWindows().add(window);
    client.resources(KeyRotationPolicy.class).inNamespace(namespace).resource(policy).create();
    client.resources(DeviceFleet.class).inNamespace(namespace).resource(Resources.fleet(namespace, "pumps", "nightly")).create();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  @org.junit.jupiter.api.Order(1) // sets the clock; the CSR test sets it again for its own device
  void aDueRenewalWaitsForTheWindowButNeverForExpiry() {
    client.resources(DeviceIdentity.class).inNamespace(namespace).resource(Resources.device(namespace, "pump-1", "pumps")).create();
    DeviceIdentity issued = await("issued", d -> revision(d) == 1);
    Instant notAfter = Instant.parse(issued.getStatus().getCertificate().getNotAfter());

    // Due (20 days left, renewBefore 30d) but at noon, outside the 03:00-04:00 UTC window.
    CLOCK.setTo(atUtc(notAfter.minus(Duration.ofDays(20)), LocalTime.NOON));
    poke("noon");
    DeviceIdentity waiting = await("waiting for the window",
        d -> Conditions.find(d.getStatus().getConditions(), "RenewalDue").map(c -> c.getReason().equals("WaitingForWindow")).orElse(false));
    assertThat(Conditions.find(waiting.getStatus().getConditions(), "RenewalDue").orElseThrow().getStatus()).isEqualTo(Condition.Status.True);
    assertThat(revision(waiting)).isEqualTo(1);

    // Inside the window the next night: renewed.
    CLOCK.setTo(atUtc(notAfter.minus(Duration.ofDays(19)), LocalTime.of(3, 30)));
    poke("night");
    DeviceIdentity renewed = await("renewed in the window", d -> revision(d) == 2);
    assertThat(Conditions.find(renewed.getStatus().getConditions(), "RenewalDue").orElseThrow().getStatus()).isEqualTo(Condition.Status.False);

    // Expiry near (last quarter of the renewal window) at noon: renewed although the window is shut.
    Instant secondNotAfter = Instant.parse(renewed.getStatus().getCertificate().getNotAfter());
    CLOCK.setTo(atUtc(secondNotAfter.minus(Duration.ofDays(2)), LocalTime.NOON));
    poke("urgent");
    await("renewed before expiry outside the window", d -> revision(d) == 3);
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void aDeviceHoldingItsKeyIsAskedForANewCsrWhenItsKeyMustRotate(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    io.keyfleet.operator.testing.Openssl.run(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-subj", "/CN=PUMP-CSR", "-keyout", "old.key", "-out", "old.csr");
    DeviceIdentity device = Resources.device(namespace, "pump-csr", "pumps");
    device.getSpec().setCsr(java.nio.file.Files.readString(dir.resolve("old.csr")));
    client.resources(DeviceIdentity.class).inNamespace(namespace).resource(device).create();
    DeviceIdentity issued = await("pump-csr", "issued", d -> revision(d) == 1);
    Instant notAfter = Instant.parse(issued.getStatus().getCertificate().getNotAfter());

    // Due, inside the window, and the policy rotates keys at every renewal: the device must send a new CSR.
    CLOCK.setTo(atUtc(notAfter.minus(Duration.ofDays(20)), LocalTime.of(3, 15)));
    poke("pump-csr-tls", "due");
    DeviceIdentity asked = await("pump-csr", "asked for a new CSR",
        d -> Conditions.find(d.getStatus().getConditions(), "RenewalDue").map(c -> c.getReason().equals("NewCSRRequired")).orElse(false));
    assertThat(revision(asked)).isEqualTo(1);
    assertThat(Conditions.isTrue(asked.getStatus().getConditions(), "Ready")).as("still Ready meanwhile").isTrue();

    io.keyfleet.operator.testing.Openssl.run(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-subj", "/CN=PUMP-CSR", "-keyout", "new.key", "-out", "new.csr");
    String newCsr = java.nio.file.Files.readString(dir.resolve("new.csr"));
    client.resources(DeviceIdentity.class).inNamespace(namespace).withName("pump-csr").edit(d -> {
      d.getSpec().setCsr(newCsr);
      return d;
    });
    DeviceIdentity rotated = await("pump-csr", "renewed with the new key", d -> revision(d) == 2);
    assertThat(rotated.getStatus().getCertificate().getKeySource()).hasToString("DeviceCSR");
    assertThat(Conditions.find(rotated.getStatus().getConditions(), "RenewalDue").orElseThrow().getStatus()).isEqualTo(Condition.Status.False);
  }

  private static Instant atUtc(Instant day, LocalTime time) {
    return day.truncatedTo(ChronoUnit.DAYS).atOffset(ZoneOffset.UTC).with(time).toInstant();
  }

  private static long revision(DeviceIdentity d) {
    return d.getStatus() == null || d.getStatus().getCertificate() == null ? 0 : d.getStatus().getCertificate().getRevision();
  }

  private static void poke(String value) {
    poke("pump-1-tls", value);
  }

  /** An event about the device's Secret makes the operator look again now. */
  private static void poke(String secret, String value) {
    client.secrets().inNamespace(namespace).withName(secret).edit(s -> {
      s.getMetadata().getAnnotations().put("test/poke", value);
      return s;
    });
  }

  private static DeviceIdentity await(String what, Predicate<DeviceIdentity> condition) {
    return await("pump-1", what, condition);
  }

  private static DeviceIdentity await(String name, String what, Predicate<DeviceIdentity> condition) {
    return org.awaitility.Awaitility.await(what).atMost(Duration.ofSeconds(30)).until(
        () -> client.resources(DeviceIdentity.class).inNamespace(namespace).withName(name).get(),
        d -> d != null && d.getStatus() != null && condition.test(d));
  }
}
