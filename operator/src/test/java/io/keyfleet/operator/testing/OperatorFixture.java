package io.keyfleet.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.common.Condition;
import io.keyfleet.operator.KeyfleetOperator;
import io.keyfleet.operator.OperatorSettings;
import io.keyfleet.operator.status.Conditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The operator in this JVM, on a clock the test can move, against the real local control plane:
 * a namespace for devices (the only one it watches) and one of its own. Made in two steps because
 * what the operator finds at start (cert-manager's API) may have to be installed in between.
 */
public final class OperatorFixture implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(90);

  private final LocalControlPlane plane;
  private final String namespace;
  private final String operatorNamespace;
  private final MutableClock clock;
  private KeyfleetOperator operator;

  private OperatorFixture(LocalControlPlane plane, String namespace, String operatorNamespace, MutableClock clock) {
    this.plane = plane;
    this.clock = clock;
    this.namespace = namespace;
    this.operatorNamespace = operatorNamespace;
  }

  /** The plane with Keyfleet's CRDs, and the two namespaces (named {@code <prefix>-<random>} and {@code keyfleet-system-<random>}). */
  public static OperatorFixture create(String namespacePrefix) {
    return create(namespacePrefix, new MutableClock());
  }

  /** As {@link #create(String)}, the operator to run on {@code clock}. */
  public static OperatorFixture create(String namespacePrefix, MutableClock clock) {
    LocalControlPlane plane = LocalControlPlane.get().withCrds();
    String namespace = plane.createNamespace(namespacePrefix);
    return new OperatorFixture(plane, namespace, plane.createNamespace("keyfleet-system"), clock);
  }

  /** Starts the operator, without leader election, watching {@link #namespace()}. */
  public OperatorFixture startOperator(String instance) throws Exception {
    OperatorSettings settings = new OperatorSettings(operatorNamespace, Set.of(namespace), instance, false, "unused",
        Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), 0, "http://127.0.0.1:8081", 16);
    operator = KeyfleetOperator.start(settings, plane.client(), clock);
    return this;
  }

  public LocalControlPlane plane() {
    return plane;
  }

  public KubernetesClient client() {
    return plane.client();
  }

  /** Where the devices, fleets and policies live. */
  public String namespace() {
    return namespace;
  }

  /** The operator's own namespace (CA and CRL-signing keys). */
  public String operatorNamespace() {
    return operatorNamespace;
  }

  public MutableClock clock() {
    return clock;
  }

  public KeyfleetOperator operator() {
    return operator;
  }

  public DeviceIdentity create(DeviceIdentity device) {
    return client().resources(DeviceIdentity.class).inNamespace(namespace).resource(device).create();
  }

  public DeviceIdentity device(String name) {
    return client().resources(DeviceIdentity.class).inNamespace(namespace).withName(name).get();
  }

  /** The device once it has a status that satisfies {@code condition}; {@code hint} names where to look when it never does. */
  public DeviceIdentity awaitDevice(String name, Predicate<DeviceIdentity> condition, String hint) {
    return await(name + (hint == null ? "" : " (" + hint + ")")).atMost(WAIT).until(
        () -> device(name), d -> d != null && d.getStatus() != null && condition.test(d));
  }

  public DeviceIdentity awaitDevice(String name, Predicate<DeviceIdentity> condition) {
    return awaitDevice(name, condition, null);
  }

  /** An annotation on the device's Secret: its event makes the operator look at the device now. */
  public void poke(String secret, String value) {
    client().secrets().inNamespace(namespace).withName(secret).edit(s -> {
      s.getMetadata().getAnnotations().put("test/poke", value);
      return s;
    });
  }

  /** The reason of the Ready condition ("" without one). */
  public static String reason(DeviceIdentity d) {
    return Conditions.find(d.getStatus().getConditions(), "Ready").map(Condition::getReason).orElse("");
  }

  /** The message of the Ready condition ("" without one). */
  public static String message(DeviceIdentity d) {
    return Conditions.find(d.getStatus().getConditions(), "Ready").map(Condition::getMessage).orElse("");
  }

  /** Writes the Secret's entries, decoded, as files of the same names. */
  public static void write(Path dir, Secret secret, String... keys) throws Exception {
    for (String key : keys) {
      Files.write(dir.resolve(key), Base64.getDecoder().decode(secret.getData().get(key)));
    }
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.close();
    }
  }
}
