package io.keyfleet.operator.fleet;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.KeyfleetApi;
import io.keyfleet.api.v1alpha1.common.Durations;
import io.keyfleet.operator.pki.CaMaterial;
import io.keyfleet.operator.pki.FleetCa;
import io.keyfleet.operator.oci.Digests;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.pki.SecretText;
import io.keyfleet.operator.status.Indexes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet CAs. Each lives in a Secret in the operator's own namespace, never in the fleet's
 * namespace, where connectors may read Secrets (RBAC cannot restrict Secret reads by label). A CA
 * is created once per fleet and kept when the fleet is deleted (deleting it is a person's decision:
 * every device certificate chains to it). A CA that issued certificates and then disappeared is
 * never silently replaced.
 */
public final class FleetCaStore {
  /** Annotation on a user-supplied CA Secret: namespaces whose fleets may use it ("*" for all). */
  public static final String ALLOWED_NAMESPACES = "keyfleet.io/allowed-namespaces";
  public static final String COMPONENT = "keyfleet.io/component";

  private static final Logger LOG = LoggerFactory.getLogger(FleetCaStore.class);

  private final KubernetesClient client;
  private final String operatorNamespace;
  private final Clock clock;
  private final Map<String, Loaded> byFleet = new ConcurrentHashMap<>();

  private record Loaded(String secretName, String resourceVersion, CaMaterial material) {}

  public FleetCaStore(KubernetesClient client, String operatorNamespace, Clock clock) {
    this.client = client;
    this.operatorNamespace = operatorNamespace;
    this.clock = clock;
  }

  /** The CA the fleet signs with, created if the fleet has none yet. */
  public CaMaterial ensure(DeviceFleet fleet) throws CaUnavailableException {
    var builtin = fleet.getSpec().getIssuer().getBuiltin();
    if (builtin == null) {
      throw new CaUnavailableException("IssuerNotSupported", "the fleet has no spec.issuer.builtin");
    }
    String key = Indexes.key(fleet);
    if (builtin.getCaSecretRef() != null) {
      return supplied(fleet, key, builtin.getCaSecretRef().getName());
    }
    String name = secretName(fleet);
    Secret existing = get(name);
    if (existing == null) {
      if (fleet.getStatus() != null && fleet.getStatus().getCa() != null && fleet.getStatus().getCa().getFingerprintSHA256() != null) {
        throw new CaUnavailableException(
            "CASecretMissing",
            "the fleet CA Secret " + operatorNamespace + "/" + name + " that issued this fleet's certificates is gone;"
                + " restore it from backup (see docs/operations.md); the operator will not replace it on its own");
      }
      existing = create(fleet, name);
    }
    return load(key, existing, name);
  }

  /** The fleet's CA if it is known (after {@link #ensure}), without API calls. */
  public Optional<CaMaterial> cached(String fleetKey) {
    return Optional.ofNullable(byFleet.get(fleetKey)).map(Loaded::material);
  }

  /** Name of the Secret of a CA the operator creates for a fleet. */
  public static String secretName(DeviceFleet fleet) {
    return operatorSecretName("keyfleet-ca-", fleet);
  }

  /** Name of a Secret the operator keeps for a fleet in its own namespace: prefix, namespace, name. */
  public static String operatorSecretName(String prefix, DeviceFleet fleet) {
    String name = prefix + fleet.getMetadata().getNamespace() + "-" + fleet.getMetadata().getName();
    if (name.length() <= 253) {
      return name;
    }
    return name.substring(0, 236) + "-" + Digests.shortSha256(name.getBytes(StandardCharsets.UTF_8));
  }

  private CaMaterial supplied(DeviceFleet fleet, String key, String name) throws CaUnavailableException {
    Secret secret = get(name);
    String field = "spec.issuer.builtin.caSecretRef";
    if (secret == null) {
      throw new CaUnavailableException(
          "CASecretNotFound", "Secret '" + name + "' (" + field + ") does not exist in the operator's namespace '" + operatorNamespace + "'");
    }
    String allowed = secret.getMetadata().getAnnotations() == null ? null : secret.getMetadata().getAnnotations().get(ALLOWED_NAMESPACES);
    String namespace = fleet.getMetadata().getNamespace();
    if (allowed == null || Arrays.stream(allowed.split(",")).map(String::trim).noneMatch(a -> a.equals("*") || a.equals(namespace))) {
      throw new CaUnavailableException(
          "CASecretNotAllowed",
          "Secret " + operatorNamespace + "/" + name + " (" + field + ") does not allow namespace '" + namespace
              + "': add it to its annotation " + ALLOWED_NAMESPACES);
    }
    return load(key, secret, name);
  }

  private Secret create(DeviceFleet fleet, String name) throws CaUnavailableException {
    var builtin = fleet.getSpec().getIssuer().getBuiltin();
    var subject = fleet.getSpec().getCertificate() == null ? null : fleet.getSpec().getCertificate().getSubject();
    CaMaterial ca =
        FleetCa.create(
            fleet.getMetadata().getName() + " fleet CA (" + fleet.getMetadata().getNamespace() + ")",
            subject == null ? null : subject.getOrganization(),
            Durations.parse(builtin.getCaDuration() == null ? "3650d" : builtin.getCaDuration()),
            clock);
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(operatorNamespace)
            .addToLabels(KeyfleetApi.LABEL_FLEET, fleet.getMetadata().getName())
            .addToLabels("keyfleet.io/fleet-namespace", fleet.getMetadata().getNamespace())
            .addToLabels(KeyfleetApi.LABEL_MANAGED_BY, KeyfleetApi.MANAGED_BY)
            .addToLabels(COMPONENT, "fleet-ca")
            .endMetadata()
            .withType("kubernetes.io/tls")
            .addToData("tls.crt", SecretText.encode(Pem.certificate(ca.certificate())))
            .addToData("tls.key", SecretText.encode(Pem.privateKey(ca.privateKey())))
            .addToData("ca.crt", SecretText.encode(Pem.certificate(ca.certificate())))
            .build();
    try {
      Secret created = client.secrets().inNamespace(operatorNamespace).resource(secret).create();
      LOG.info("fleet CA created fleet={} secret={}/{} serial={}", Indexes.key(fleet), operatorNamespace, name,
          Pem.serialHex(ca.certificate().getSerialNumber()));
      return created;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return get(name); // another reconcile or replica created it first: use that one
      }
      if (e.getCode() == 404) {
        throw new CaUnavailableException(
            "OperatorNamespaceMissing", "the operator's namespace '" + operatorNamespace + "' does not exist; create it");
      }
      throw e;
    }
  }

  private Secret get(String name) {
    return client.secrets().inNamespace(operatorNamespace).withName(name).get();
  }

  /** Parses a CA Secret, re-using the fleet's cached material while the Secret is unchanged. */
  private CaMaterial load(String fleetKey, Secret secret, String name) throws CaUnavailableException {
    Loaded cached = byFleet.get(fleetKey);
    String version = secret.getMetadata().getResourceVersion();
    if (cached != null && cached.secretName().equals(name) && cached.resourceVersion().equals(version)) {
      return cached.material();
    }
    try {
      Map<String, String> data = secret.getData();
      CaMaterial material = FleetCa.parse(SecretText.decode(data.get("tls.crt")), SecretText.decode(data.get("tls.key")));
      byFleet.put(fleetKey, new Loaded(name, version, material));
      return material;
    } catch (RuntimeException e) {
      throw new CaUnavailableException(
          "CASecretInvalid", "Secret " + operatorNamespace + "/" + name + " does not hold a usable CA: " + e.getMessage());
    }
  }



}
