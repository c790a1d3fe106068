package io.keyfleet.operator.signing;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.KeyfleetApi;
import io.keyfleet.api.v1alpha1.fleet.SigningSpec;
import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import io.keyfleet.operator.fleet.CaUnavailableException;
import io.keyfleet.operator.fleet.FleetCaStore;
import io.keyfleet.operator.pki.KeyPairs;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.pki.SecretText;
import io.keyfleet.operator.status.Indexes;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleets' update-signing keys. Like the CA keys they live in Secrets in the operator's own
 * namespace, out of reach of connectors (who may read every Secret of the fleet's namespace). Each
 * write carries the Secret's resourceVersion, so two writers never lose a key.
 */
public final class SigningKeyStore {
  /** Annotation on a DeviceFleet: a new value asks for a signing-key rotation. */
  public static final String ROTATE_ANNOTATION = "keyfleet.io/rotate-signing-key";
  static final String HONOURED = "keyfleet.io/rotation-request";
  static final String ACTIVE = "active";
  static final String PENDING = "pending";
  static final String PREVIOUS = "previous";

  private static final Logger LOG = LoggerFactory.getLogger(SigningKeyStore.class);

  private final KubernetesClient client;
  private final String operatorNamespace;
  private final Clock clock;
  private final Map<String, Loaded> byFleet = new ConcurrentHashMap<>();

  private record Loaded(String resourceVersion, SigningKeySet keys, String honoured) {}

  public SigningKeyStore(KubernetesClient client, String operatorNamespace, Clock clock) {
    this.client = client;
    this.operatorNamespace = operatorNamespace;
    this.clock = clock;
  }

  /** The fleet's keys, created with a first active key if the fleet has none yet. */
  public SigningKeySet ensure(DeviceFleet fleet) throws CaUnavailableException {
    String name = secretName(fleet);
    Secret secret = get(name);
    if (secret == null) {
      var status = fleet.getStatus();
      if (status != null && status.getSigning() != null && status.getSigning().getActiveKeyId() != null) {
        throw new CaUnavailableException(
            "SigningKeyMissing",
            "the update-signing key Secret " + operatorNamespace + "/" + name + " is gone, and devices trust key "
                + status.getSigning().getActiveKeyId() + "; restore it from backup (see docs/operations.md)");
      }
      SigningKey first = generate(fleet);
      secret = write(fleet, null, SigningKeySet.of(first), null);
      LOG.info("update-signing key created fleet={} key={}", Indexes.key(fleet), first.id());
    }
    return load(fleet, secret).keys();
  }

  /** The keys last loaded for a fleet, without API calls. */
  public Optional<SigningKeySet> cached(String fleetKey) {
    return Optional.ofNullable(byFleet.get(fleetKey)).map(Loaded::keys);
  }

  /** The rotation request the fleet's keys last acted on, if any. */
  public String honouredRequest(String fleetKey) {
    Loaded loaded = byFleet.get(fleetKey);
    return loaded == null ? null : loaded.honoured();
  }

  /** Adds a new pending key (published to devices before it signs anything). */
  public SigningKeySet startRotation(DeviceFleet fleet, String request) throws CaUnavailableException {
    Loaded loaded = current(fleet);
    SigningKey next = generate(fleet);
    SigningKeySet keys = loaded.keys().withPending(next);
    load(fleet, write(fleet, loaded.resourceVersion(), keys, request == null ? loaded.honoured() : request));
    LOG.info("update-signing key rotation started fleet={} pending={} active={}", Indexes.key(fleet), next.id(), keys.active().id());
    return keys;
  }

  /** Makes the pending key the active one; the active one stays trusted as previous. */
  public SigningKeySet activatePending(DeviceFleet fleet) throws CaUnavailableException {
    Loaded loaded = current(fleet);
    SigningKeySet keys = loaded.keys().activatePending();
    load(fleet, write(fleet, loaded.resourceVersion(), keys, loaded.honoured()));
    LOG.info("update-signing key activated fleet={} active={} previous={}", Indexes.key(fleet), keys.active().id(),
        keys.previous().map(SigningKey::id).orElse("-"));
    return keys;
  }

  /** Name of the Secret that holds a fleet's signing keys. */
  public static String secretName(DeviceFleet fleet) {
    return FleetCaStore.operatorSecretName("keyfleet-signing-", fleet);
  }

  private Loaded current(DeviceFleet fleet) throws CaUnavailableException {
    Secret secret = get(secretName(fleet));
    if (secret == null) {
      throw new CaUnavailableException("SigningKeyMissing", "the update-signing key Secret is gone");
    }
    return load(fleet, secret);
  }

  private SigningKey generate(DeviceFleet fleet) {
    var signing = fleet.getSpec().getUpdates() == null ? null : fleet.getSpec().getUpdates().getSigning();
    KeyAlgorithm algorithm =
        signing != null && signing.getAlgorithm() == SigningSpec.Algorithm.ED25519 ? KeyAlgorithm.ED25519 : KeyAlgorithm.ECDSA_P256;
    KeyPair pair = KeyPairs.generate(algorithm);
    return SigningKey.of(pair.getPublic(), pair.getPrivate(), clock.instant());
  }

  private Secret write(DeviceFleet fleet, String resourceVersion, SigningKeySet keys, String honoured) throws CaUnavailableException {
    Map<String, String> data = new LinkedHashMap<>();
    Map<String, String> annotations = new LinkedHashMap<>();
    put(data, annotations, ACTIVE, keys.active());
    keys.pending().ifPresent(k -> put(data, annotations, PENDING, k));
    keys.previous().ifPresent(k -> put(data, annotations, PREVIOUS, k));
    if (honoured != null) {
      annotations.put(HONOURED, honoured);
    }
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(secretName(fleet))
            .withNamespace(operatorNamespace)
            .withResourceVersion(resourceVersion)
            .addToLabels(KeyfleetApi.LABEL_FLEET, fleet.getMetadata().getName())
            .addToLabels("keyfleet.io/fleet-namespace", fleet.getMetadata().getNamespace())
            .addToLabels(KeyfleetApi.LABEL_MANAGED_BY, KeyfleetApi.MANAGED_BY)
            .addToLabels(FleetCaStore.COMPONENT, "update-signing-keys")
            .withAnnotations(annotations)
            .endMetadata()
            .withType("Opaque")
            .withData(data)
            .build();
    var secrets = client.secrets().inNamespace(operatorNamespace);
    try {
      return resourceVersion == null ? secrets.resource(secret).create() : secrets.resource(secret).update();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409 && resourceVersion == null) {
        Secret existing = get(secret.getMetadata().getName());
        if (existing != null) {
          return existing; // another reconcile created it first: use that one
        }
      }
      if (e.getCode() == 409) {
        throw new CaUnavailableException("SigningKeyConflict", "the update-signing key Secret changed meanwhile; retrying");
      }
      if (e.getCode() == 404) {
        throw new CaUnavailableException(
            "OperatorNamespaceMissing", "the operator's namespace '" + operatorNamespace + "' does not exist; create it");
      }
      throw e;
    }
  }

  private static void put(Map<String, String> data, Map<String, String> annotations, String role, SigningKey key) {
    data.put(role + ".pub", SecretText.encode(Pem.publicKey(key.publicKey())));
    key.privateKey().ifPresent(k -> data.put(role + ".key", SecretText.encode(Pem.privateKey(k))));
    annotations.put("keyfleet.io/" + role + "-created-at", key.createdAt().toString());
  }

  private Loaded load(DeviceFleet fleet, Secret secret) throws CaUnavailableException {
    String fleetKey = Indexes.key(fleet);
    Loaded cached = byFleet.get(fleetKey);
    String version = secret.getMetadata().getResourceVersion();
    if (cached != null && cached.resourceVersion().equals(version)) {
      return cached;
    }
    try {
      Map<String, String> annotations = secret.getMetadata().getAnnotations() == null ? Map.of() : secret.getMetadata().getAnnotations();
      SigningKey active = read(secret, annotations, ACTIVE).orElseThrow(() -> new IllegalArgumentException("no active key"));
      SigningKeySet keys = new SigningKeySet(active, read(secret, annotations, PENDING), read(secret, annotations, PREVIOUS));
      Loaded loaded = new Loaded(version, keys, annotations.get(HONOURED));
      byFleet.put(fleetKey, loaded);
      return loaded;
    } catch (RuntimeException e) {
      throw new CaUnavailableException(
          "SigningKeyInvalid",
          "Secret " + operatorNamespace + "/" + secret.getMetadata().getName() + " does not hold usable signing keys: " + e.getMessage());
    }
  }

  private static Optional<SigningKey> read(Secret secret, Map<String, String> annotations, String role) {
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    String pub = data.get(role + ".pub");
    if (pub == null) {
      return Optional.empty();
    }
    PublicKey publicKey = Pem.parsePublicKey(SecretText.decode(pub));
    PrivateKey privateKey = data.containsKey(role + ".key") ? Pem.parsePrivateKey(SecretText.decode(data.get(role + ".key"))) : null;
    String created = annotations.get("keyfleet.io/" + role + "-created-at");
    return Optional.of(SigningKey.of(publicKey, privateKey, created == null ? Instant.EPOCH : Instant.parse(created)));
  }

  private Secret get(String name) {
    return client.secrets().inNamespace(operatorNamespace).withName(name).get();
  }


}
