package io.keyfleet.operator.identity;

import static io.keyfleet.api.v1alpha1.common.ConditionTypes.ISSUED;
import static io.keyfleet.api.v1alpha1.common.ConditionTypes.READY;
import static io.keyfleet.api.v1alpha1.common.ConditionTypes.REVOKED;

import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.common.Condition;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.status.Conditions.Decision;
import java.util.List;
import java.util.Optional;

/** Decides a DeviceIdentity's conditions from its spec and its fleet. */
public final class IdentityReadiness {
  public static final String FLEET_NOT_FOUND = "FleetNotFound";
  public static final String FLEET_NOT_READY = "FleetNotReady";
  public static final String AWAITING_ISSUANCE = "AwaitingIssuance";
  public static final String NOT_REVOKED = "NotRevoked";
  public static final String REVOKED_REASON = "Revoked";

  private IdentityReadiness() {}

  public static List<Decision> decide(DeviceIdentity device, Optional<DeviceFleet> fleet) {
    var spec = device.getSpec();
    String fleetName = spec.getFleetRef().getName();
    if (Boolean.TRUE.equals(spec.getRevoked())) {
      String reason = spec.getRevocationReason() == null ? "unspecified" : spec.getRevocationReason().name();
      return List.of(
          Decision.isFalse(READY, REVOKED_REASON, "the device is revoked (" + reason + ") and is never issued again"),
          Decision.isTrue(REVOKED, REVOKED_REASON, "revoked with reason " + reason));
    }
    Decision notRevoked = Decision.isFalse(REVOKED, NOT_REVOKED, "the device is not revoked");
    if (fleet.isEmpty()) {
      String message =
          "DeviceFleet '" + fleetName + "' (spec.fleetRef.name) does not exist in namespace '"
              + device.getMetadata().getNamespace() + "'";
      return List.of(Decision.isFalse(READY, FLEET_NOT_FOUND, message), Decision.isFalse(ISSUED, FLEET_NOT_FOUND, message), notRevoked);
    }
    List<Condition> fleetConditions = fleet.get().getStatus() == null ? null : fleet.get().getStatus().getConditions();
    if (!Conditions.isTrue(fleetConditions, READY)) {
      String why = Conditions.find(fleetConditions, READY).map(c -> c.getReason() + ": " + c.getMessage()).orElse("not yet reconciled");
      String message = "DeviceFleet '" + fleetName + "' is not ready (" + why + ")";
      return List.of(Decision.isFalse(READY, FLEET_NOT_READY, message), Decision.isFalse(ISSUED, FLEET_NOT_READY, message), notRevoked);
    }
    String message = "DeviceFleet '" + fleetName + "' is ready; no certificate has been issued yet";
    return List.of(
        Decision.isFalse(READY, AWAITING_ISSUANCE, message), Decision.isFalse(ISSUED, AWAITING_ISSUANCE, message), notRevoked);
  }
}
