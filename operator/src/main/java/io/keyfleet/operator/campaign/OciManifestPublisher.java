package io.keyfleet.operator.campaign;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.campaign.ManifestStatus;
import io.keyfleet.operator.fleet.CaUnavailableException;
import io.keyfleet.operator.metrics.KeyfleetMetrics;
import io.keyfleet.operator.metrics.RegistryOperation;
import io.keyfleet.operator.oci.OciReference;
import io.keyfleet.operator.oci.OciRegistry;
import io.keyfleet.operator.oci.PublishedArtifact;
import io.keyfleet.operator.oci.RegistryCredentials;
import io.keyfleet.operator.oci.RegistryException;
import io.keyfleet.operator.oci.RegistrySettings;
import io.keyfleet.operator.oci.ResolvedArtifact;
import io.keyfleet.operator.signing.SignaturePublisher;
import io.keyfleet.operator.signing.SigningKeyStore;
import java.util.Base64;
import java.util.Map;

/**
 * Publishes manifests to the fleet's OCI repository: pushes the manifest as an artifact whose
 * subject is the firmware, then signs it with the fleet's active update-signing key in the cosign
 * key-based format. Registry credentials come from the fleet's dockerconfigjson Secret.
 */
public final class OciManifestPublisher implements ManifestPublisher {
  private final KubernetesClient client;
  private final SigningKeyStore keys;
  private final KeyfleetMetrics metrics;

  public OciManifestPublisher(KubernetesClient client, SigningKeyStore keys, KeyfleetMetrics metrics) {
    this.client = client;
    this.keys = keys;
    this.metrics = metrics;
  }

  /** One call to a registry, whose failure is counted under its operation. */
  private interface RegistryCall<T> {
    T call() throws RegistryException;
  }

  private <T> T counted(DeviceFleet fleet, RegistryOperation operation, RegistryCall<T> call) throws RegistryException {
    try {
      return call.call();
    } catch (RegistryException e) {
      metrics.registryError(fleet.getMetadata().getNamespace(), fleet.getMetadata().getName(), operation);
      throw e;
    }
  }

  @Override
  public UpdateManifest.Artifact resolve(DeviceFleet fleet, String reference) throws PublishException {
    try {
      OciRegistry registry = registryFor(fleet, OciReference.parse(reference).repository());
      ResolvedArtifact a = counted(fleet, RegistryOperation.RESOLVE, () -> registry.resolve(reference));
      return new UpdateManifest.Artifact(reference, a.digest(), a.size(), a.mediaType());
    } catch (RegistryException e) {
      throw new PublishException(e.reason().name(), "firmware " + reference + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new PublishException("InvalidReference", "firmware " + reference + ": " + e.getMessage(), e);
    }
  }

  @Override
  public ManifestStatus publish(DeviceFleet fleet, UpdateManifest manifest) throws PublishException {
    var registrySpec = fleet.getSpec().getUpdates().getRegistry();
    String repository = registrySpec.getRepository();
    try {
      var signing = keys.ensure(fleet);
      OciRegistry registry = registryFor(fleet, repository);
      String firmwareRef = OciReference.parse(manifest.artifact().reference()).repository() + "@" + manifest.artifact().digest();
      OciRegistry firmwareRegistry = registryFor(fleet, OciReference.parse(firmwareRef).repository());
      ResolvedArtifact subject = counted(fleet, RegistryOperation.RESOLVE, () -> firmwareRegistry.resolve(firmwareRef));
      PublishedArtifact pushed = counted(fleet, RegistryOperation.PUBLISH, () -> registry.publishManifest(repository, manifest.toBytes(),
          UpdateManifest.MEDIA_TYPE, subject,
          Map.of("io.keyfleet.fleet", fleet.getMetadata().getNamespace() + "/" + fleet.getMetadata().getName(),
              "io.keyfleet.sequence", Long.toString(manifest.sequence()),
              "io.keyfleet.version", manifest.version())));
      metrics.manifestPublished(fleet.getMetadata().getNamespace(), fleet.getMetadata().getName());
      var signature = counted(fleet, RegistryOperation.SIGN, () -> new SignaturePublisher(registry).publish(pushed, signing.active(),
          Map.of("io.keyfleet.sequence", Long.toString(manifest.sequence()))));
      metrics.manifestSigned(fleet.getMetadata().getNamespace(), fleet.getMetadata().getName());
      ManifestStatus status = new ManifestStatus();
      status.setReference(pushed.reference());
      status.setDigest(pushed.digest());
      status.setSigningKeyId(signature.keyId());
      status.setSignatureReference(signature.reference());
      return status;
    } catch (RegistryException e) {
      throw new PublishException(e.reason().name(), "registry " + repository + ": " + e.getMessage(), e);
    } catch (CaUnavailableException e) {
      throw new PublishException(e.reason(), e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new PublishException("InvalidRegistrySettings", e.getMessage(), e);
    }
  }

  /**
   * A client for a repository's registry, with the fleet's credentials when they are for that
   * host; plain http only where the fleet allows it and the host is on loopback.
   */
  private OciRegistry registryFor(DeviceFleet fleet, String repository) throws PublishException {
    var spec = fleet.getSpec().getUpdates().getRegistry();
    String host = OciReference.splitRepository(repository)[0];
    boolean insecure = Boolean.TRUE.equals(spec.getInsecure()) && RegistrySettings.loopback(host);
    RegistryCredentials credentials = null;
    if (spec.getCredentialsSecretRef() != null) {
      String name = spec.getCredentialsSecretRef().getName();
      Secret secret = client.secrets().inNamespace(fleet.getMetadata().getNamespace()).withName(name).get();
      if (secret == null || secret.getData() == null || !secret.getData().containsKey(".dockerconfigjson")) {
        throw new PublishException("CredentialsNotFound",
            "Secret '" + name + "' (spec.updates.registry.credentialsSecretRef) with a .dockerconfigjson does not exist in namespace '"
                + fleet.getMetadata().getNamespace() + "'", null);
      }
      try {
        credentials = RegistryCredentials.fromDockerConfigJson(Base64.getDecoder().decode(secret.getData().get(".dockerconfigjson")), host);
      } catch (IllegalArgumentException e) {
        if (!host.equals(OciReference.splitRepository(spec.getRepository())[0])) {
          credentials = null; // another registry (the firmware's): anonymous
        } else {
          throw new PublishException("InvalidCredentials", "Secret '" + name + "': " + e.getMessage(), e);
        }
      }
    }
    return new OciRegistry(new RegistrySettings(repository, insecure, credentials));
  }
}
