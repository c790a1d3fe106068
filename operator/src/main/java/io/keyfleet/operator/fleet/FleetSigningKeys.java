package io.keyfleet.operator.fleet;

import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.common.Durations;
import io.keyfleet.api.v1alpha1.fleet.SigningStatus;
import io.keyfleet.operator.signing.SigningKey;
import io.keyfleet.operator.signing.SigningKeyRotation;
import io.keyfleet.operator.signing.SigningKeySet;
import io.keyfleet.operator.signing.SigningKeyStore;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.status.EventRecorder;
import io.keyfleet.operator.status.Indexes;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A fleet's update-signing keys, from its reconcile: creates the first key, rotates on schedule or
 * on request (publish the new public key to every device Secret first, sign with it only after),
 * and reports the keys in the fleet's status.
 */
final class FleetSigningKeys {
  private final SigningKeyStore store;
  private final FleetDeviceCounts counts;
  private final EventRecorder events;
  private final Clock clock;

  FleetSigningKeys(SigningKeyStore store, FleetDeviceCounts counts, EventRecorder events, Clock clock) {
    this.store = store;
    this.counts = counts;
    this.events = events;
    this.clock = clock;
  }

  /** The signing status to publish; null for a fleet without spec.updates. */
  SigningStatus reconcile(DeviceFleet fleet, SigningStatus current) throws CaUnavailableException {
    if (fleet.getSpec().getUpdates() == null) {
      return null;
    }
    String fleetKey = Indexes.key(fleet);
    SigningKeySet keys = store.ensure(fleet);
    var trust = counts.trust(fleetKey, keys.bundleId());
    var signing = fleet.getSpec().getUpdates().getSigning();
    Duration rotateEvery = signing == null || signing.getRotateEvery() == null ? null : Durations.parse(signing.getRotateEvery());
    Map<String, String> annotations = fleet.getMetadata().getAnnotations();
    String requested = annotations == null ? null : annotations.get(SigningKeyStore.ROTATE_ANNOTATION);
    var decision = SigningKeyRotation.decide(
        keys, rotateEvery, requested, store.honouredRequest(fleetKey), trust.trusting(), trust.needing(), clock.instant());
    switch (decision.action()) {
      case START -> {
        keys = store.startRotation(fleet, requested);
        events.normal(fleet, "SigningKeyRotationStarted",
            "new update-signing key " + keys.pending().orElseThrow().id() + " is being published to device Secrets (" + decision.why() + ")");
        trust = counts.trust(fleetKey, keys.bundleId());
      }
      case ACTIVATE -> {
        keys = store.activatePending(fleet);
        events.normal(fleet, "SigningKeyActivated",
            "update-signing key " + keys.active().id() + " signs from now on (" + decision.why() + ")");
        trust = counts.trust(fleetKey, keys.bundleId());
      }
      case KEEP -> { }
    }
    SigningStatus status = new SigningStatus();
    status.setActiveKeyId(keys.active().id());
    status.setTrustedKeyIds(keys.trustedKeyIds());
    status.setPendingKeyId(keys.pending().map(SigningKey::id).orElse(null));
    status.setActivatedAt(current != null && keys.active().id().equals(current.getActiveKeyId()) && current.getActivatedAt() != null
        ? current.getActivatedAt() : Conditions.format(clock.instant()));
    status.setDevicesWithCurrentTrust(trust.trusting());
    return status;
  }
}
