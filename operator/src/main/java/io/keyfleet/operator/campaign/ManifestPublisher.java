package io.keyfleet.operator.campaign;

import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.campaign.ManifestStatus;

/** Where signed manifests go: the fleet's OCI repository. */
public interface ManifestPublisher {
  /** Resolves a firmware reference (tag or digest) to what the manifest pins. */
  UpdateManifest.Artifact resolve(DeviceFleet fleet, String reference) throws PublishException;

  /**
   * Pushes the manifest as an artifact whose subject is its firmware, signs it with the fleet's
   * active update-signing key in the cosign format, and says where both are. Idempotent: the same
   * manifest gives the same digest.
   */
  ManifestStatus publish(DeviceFleet fleet, UpdateManifest manifest) throws PublishException;

  /** Why publishing failed, for a condition: a CamelCase reason and a message without secrets. */
  final class PublishException extends Exception {
    private final String reason;

    public PublishException(String reason, String message, Throwable cause) {
      super(message, cause);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }
}
