package io.keyfleet.operator.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import io.keyfleet.connector.DataKey;
import io.keyfleet.connector.DataKeyException;
import io.keyfleet.connector.DataKeys;
import io.keyfleet.operator.pki.CaMaterial;
import io.keyfleet.operator.pki.CertificateIssuer;
import io.keyfleet.operator.pki.DataKeyWrap;
import io.keyfleet.operator.pki.FleetCa;
import io.keyfleet.operator.pki.IssueRequest;
import io.keyfleet.operator.pki.KeyPairs;
import io.keyfleet.operator.pki.KeyUsageName;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.testing.Resources;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The connector SDK reads the data keys the operator writes: keys wrapped by the operator's own
 * {@link DataKeyWrap} with its {@link DataKeyMaterial#dataKeyInfo}, in a Secret made by
 * {@link DeviceSecret#build}, open with the device's key and with no other.
 */
class ConnectorDataKeysTest {
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final DeviceIdentity DEVICE = Resources.device("hospital-a", "pump-0001", "fleet-a");
  static final Map<KeyAlgorithm, KeyPair> PAIRS = new EnumMap<>(KeyAlgorithm.class);
  static CaMaterial ca;

  @BeforeAll
  static void keys() {
    ca = FleetCa.create("Connector Test Fleet CA", null, Duration.ofDays(30), CLOCK);
    for (KeyAlgorithm algorithm : List.of(KeyAlgorithm.ECDSA_P256, KeyAlgorithm.ECDSA_P384, KeyAlgorithm.RSA_3072)) {
      PAIRS.put(algorithm, KeyPairs.generate(algorithm));
    }
  }

  /** A device Secret as the operator writes it; key present for generated-key devices. */
  static Secret secret(KeyPair device, Optional<PrivateKey> key, List<DeviceSecret.DataKey> dataKeys) {
    var request = new IssueRequest(IssueRequest.subject("PUMP-0001", null, null, null), null, null,
        Set.of(KeyUsageName.digitalSignature), null, device.getPublic(), Duration.ofDays(1), null);
    var leaf = CertificateIssuer.issue(ca, request, CLOCK);
    return DeviceSecret.build(DEVICE, List.of(leaf, ca.certificate()), key, Pem.certificate(ca.certificate()), 1, NOW,
        key.isPresent() ? "Generated" : "DeviceCSR", List.of(), dataKeys, null, null);
  }

  static DataKeys read(Secret secret, Optional<PrivateKey> deviceKey) throws DataKeyException {
    return DataKeys.fromSecret(secret.getMetadata().getNamespace(), DEVICE.getMetadata().getName(), secret.getData(),
        secret.getMetadata().getAnnotations(), deviceKey);
  }

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"ECDSA_P256", "ECDSA_P384", "RSA_3072"})
  void keysTheOperatorWrapsOpenWithTheDevicesKey(KeyAlgorithm algorithm) throws Exception {
    KeyPair device = PAIRS.get(algorithm);
    byte[] v1 = DataKeyWrap.newDataKey();
    byte[] v2 = DataKeyWrap.newDataKey();
    List<DeviceSecret.DataKey> dataKeys = List.of(
        new DeviceSecret.DataKey(1, NOW.minus(Duration.ofDays(30)), DataKeyWrap.wrap(device.getPublic(), v1, DataKeyMaterial.dataKeyInfo(DEVICE, 1))),
        new DeviceSecret.DataKey(2, NOW, DataKeyWrap.wrap(device.getPublic(), v2, DataKeyMaterial.dataKeyInfo(DEVICE, 2))));
    Secret secret = secret(device, Optional.empty(), dataKeys);
    assertThat(secret.getData()).doesNotContainKey(DeviceSecret.TLS_KEY);

    DataKeys keys = read(secret, Optional.of(device.getPrivate()));

    assertThat(keys.active().map(DataKey::version)).contains(2);
    assertThat(keys.active().orElseThrow().key().getEncoded()).isEqualTo(v2);
    assertThat(keys.active().orElseThrow().createdAt()).isEqualTo(NOW);
    assertThat(keys.version(1).orElseThrow().key().getEncoded()).isEqualTo(v1);
    assertThat(DataKeys.info("hospital-a", "pump-0001", 2)).isEqualTo(DataKeyMaterial.dataKeyInfo(DEVICE, 2));
  }

  @ParameterizedTest
  @EnumSource(value = KeyAlgorithm.class, names = {"ECDSA_P256", "ECDSA_P384", "RSA_3072"})
  void noOtherKeyOpensThem(KeyAlgorithm algorithm) {
    KeyPair device = PAIRS.get(algorithm);
    byte[] key = DataKeyWrap.newDataKey();
    Secret secret = secret(device, Optional.empty(),
        List.of(new DeviceSecret.DataKey(1, NOW, DataKeyWrap.wrap(device.getPublic(), key, DataKeyMaterial.dataKeyInfo(DEVICE, 1)))));
    List<PrivateKey> others = new ArrayList<>();
    others.add(KeyPairs.generate(algorithm == KeyAlgorithm.RSA_3072 ? KeyAlgorithm.ECDSA_P256 : algorithm).getPrivate());
    PAIRS.forEach((a, pair) -> {
      if (a != algorithm) {
        others.add(pair.getPrivate());
      }
    });
    for (PrivateKey other : others) {
      assertThatThrownBy(() -> read(secret, Optional.of(other)))
          .as("%s key", other.getAlgorithm())
          .isInstanceOf(DataKeyException.class)
          .hasMessageStartingWith("data key v1 of hospital-a/pump-0001: ");
    }
    assertThatThrownBy(() -> read(secret, Optional.empty())).isInstanceOf(DataKeyException.class)
        .hasMessageContaining("pass the device's private key");
  }

  @Test
  void rotationsByTheOperatorReadBackForBothKindsOfDevice() throws Exception {
    KeyPair device = PAIRS.get(KeyAlgorithm.ECDSA_P256);
    for (boolean ownKey : new boolean[] {true, false}) {
      List<DeviceSecret.DataKey> held = List.of();
      for (int version = 1; version <= 3; version++) {
        var plan = new DataKeyRotation.Plan(true, version, version == 3 ? List.of(1) : List.of(), NOW.plus(Duration.ofDays(30)));
        held = DataKeyMaterial.after(DEVICE, held, plan, device.getPublic(), ownKey, NOW.plusSeconds(version));
      }
      Secret secret = secret(device, ownKey ? Optional.empty() : Optional.of(device.getPrivate()), held);

      DataKeys keys = read(secret, ownKey ? Optional.of(device.getPrivate()) : Optional.empty());

      assertThat(keys.all()).extracting(DataKey::version).containsExactly(2, 3);
      assertThat(keys.version(1)).isEmpty();
      for (DeviceSecret.DataKey written : held) {
        byte[] expected = ownKey
            ? DataKeyWrap.unwrap(device.getPrivate(), written.material(), DataKeyMaterial.dataKeyInfo(DEVICE, written.version()))
            : written.material();
        assertThat(keys.version(written.version()).orElseThrow().key().getEncoded()).as("v%d", written.version()).isEqualTo(expected);
        assertThat(keys.version(written.version()).orElseThrow().createdAt()).isEqualTo(written.createdAt());
      }
    }
  }
}
