package io.keyfleet.bench;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceFleetSpec;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.DeviceIdentitySpec;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.api.v1alpha1.common.ObjectRef;
import io.keyfleet.api.v1alpha1.fleet.BuiltinIssuer;
import io.keyfleet.api.v1alpha1.fleet.IssuerSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** The objects the benchmark creates, and how device names map to indexes. */
public final class BenchObjects {
  public static final String POLICY = "bench-policy";
  public static final String FLEET = "bench-fleet";
  static final String DEVICE_PREFIX = "bench-";

  private BenchObjects() {}

  /** bench-000001 for index 0. */
  public static String deviceName(int index) {
    return DEVICE_PREFIX + String.format("%06d", index + 1);
  }

  /** The index of a device name, or -1 for any other name. */
  public static int deviceIndex(String name) {
    if (name == null || !name.startsWith(DEVICE_PREFIX)) {
      return -1;
    }
    try {
      return Integer.parseInt(name.substring(DEVICE_PREFIX.length())) - 1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** A KeyRotationPolicy with every default. */
  public static KeyRotationPolicy policy(String namespace) {
    KeyRotationPolicy p = new KeyRotationPolicy();
    p.getMetadata().setNamespace(namespace);
    p.getMetadata().setName(POLICY);
    return p;
  }

  /** A DeviceFleet with the built-in issuer and the policy above. */
  public static DeviceFleet fleet(String namespace) {
    DeviceFleet f = new DeviceFleet();
    f.getMetadata().setNamespace(namespace);
    f.getMetadata().setName(FLEET);
    DeviceFleetSpec spec = new DeviceFleetSpec();
    IssuerSpec issuer = new IssuerSpec();
    issuer.setBuiltin(new BuiltinIssuer());
    spec.setIssuer(issuer);
    spec.setRotationPolicyRef(new ObjectRef(POLICY));
    f.setSpec(spec);
    return f;
  }

  /** Device BENCH-000001 (model pump-x2) for index 0. */
  public static DeviceIdentity device(String namespace, int index) {
    DeviceIdentity d = new DeviceIdentity();
    d.getMetadata().setNamespace(namespace);
    d.getMetadata().setName(deviceName(index));
    DeviceIdentitySpec spec = new DeviceIdentitySpec();
    spec.setFleetRef(new ObjectRef(FLEET));
    spec.setDeviceId(deviceName(index).toUpperCase(java.util.Locale.ROOT));
    spec.setModel("pump-x2");
    d.setSpec(spec);
    return d;
  }

  /**
   * A plain Secret shaped like a device Secret (a certificate, a key and the CA certificate as PEM
   * of random bytes, labels), about {@code dataBytes} of data in all.
   */
  public static Secret rawSecret(String namespace, int index, int dataBytes) {
    Random random = new Random(index);
    Map<String, String> data = new LinkedHashMap<>();
    data.put("tls.crt", pem("CERTIFICATE", random, dataBytes * 2 / 5));
    data.put("tls.key", pem("PRIVATE KEY", random, dataBytes / 5));
    data.put("ca.crt", pem("CERTIFICATE", random, dataBytes * 2 / 5));
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName("raw-" + String.format("%06d", index + 1))
        .addToLabels("app.kubernetes.io/part-of", "keyfleet-bench")
        .addToLabels("keyfleet.io/device", "raw-" + String.format("%06d", index + 1))
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /** PEM text of about {@code size} characters, base64-encoded as Secret data is. */
  private static String pem(String type, Random random, int size) {
    byte[] body = new byte[Math.max(16, (size - 60) * 3 / 4)];
    random.nextBytes(body);
    String text = "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(body)
        + "\n-----END " + type + "-----\n";
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** The decoded size of a Secret's data. */
  public static int dataBytes(Secret secret) {
    if (secret == null || secret.getData() == null) {
      return 0;
    }
    return secret.getData().values().stream().mapToInt(v -> Base64.getDecoder().decode(v).length).sum();
  }
}
