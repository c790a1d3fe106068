package io.keyfleet.operator.campaign;

import io.keyfleet.api.v1alpha1.UpdateCampaignSpec;
import io.keyfleet.api.v1alpha1.campaign.DeviceSelector;
import io.keyfleet.api.v1alpha1.campaign.LabelRequirement;
import io.keyfleet.api.v1alpha1.common.FirmwareVersions;
import io.keyfleet.api.v1alpha1.identity.UpdateState;
import java.util.Map;

/**
 * Whether a device may be assigned a campaign's firmware: selected by the campaign's labels, Ready,
 * not revoked, of a model the firmware is built for, at or above the minimum version, not already
 * running the target version, and not in the middle of another campaign's update.
 */
public final class Eligibility {
  private Eligibility() {}

  public enum Verdict {
    ELIGIBLE,
    NOT_SELECTED,
    NOT_READY,
    REVOKED,
    WRONG_MODEL,
    TOO_OLD,
    ALREADY_UPDATED,
    /** Another campaign's update is assigned and the device has not finished it. */
    BUSY
  }

  /** For a campaign of the given name. */
  public static Verdict check(DeviceLedger.Device device, UpdateCampaignSpec spec, String campaign) {
    Verdict verdict = check(device, spec);
    var a = device.assignment();
    if (verdict == Verdict.ELIGIBLE && a != null && !a.campaign().equals(campaign) && !finished(device)) {
      return Verdict.BUSY;
    }
    return verdict;
  }

  /** Whether the device reported a result (or a refusal) for the manifest it was last assigned. */
  static boolean finished(DeviceLedger.Device device) {
    var a = device.assignment();
    if (a == null) {
      return true;
    }
    boolean sameManifest = device.reportedSequence() != null && device.reportedSequence() >= a.sequence();
    var state = device.reportedState();
    return sameManifest && state != null
        && (state == UpdateState.Succeeded || state == UpdateState.Failed || state == UpdateState.Rejected || state == UpdateState.Idle);
  }

  public static Verdict check(DeviceLedger.Device device, UpdateCampaignSpec spec) {
    if (!selected(spec.getSelector(), device.labels())) {
      return Verdict.NOT_SELECTED;
    }
    if (device.revoked()) {
      return Verdict.REVOKED;
    }
    if (!device.ready()) {
      return Verdict.NOT_READY;
    }
    var firmware = spec.getFirmware();
    if (!firmware.getModels().contains(device.model())) {
      return Verdict.WRONG_MODEL;
    }
    String running = device.firmwareVersion();
    if (running != null && FirmwareVersions.compare(running, firmware.getVersion()) == 0) {
      return Verdict.ALREADY_UPDATED;
    }
    if (firmware.getMinimumVersion() != null && (running == null || FirmwareVersions.compare(running, firmware.getMinimumVersion()) < 0)) {
      return Verdict.TOO_OLD;
    }
    return Verdict.ELIGIBLE;
  }

  /** Label selection as Kubernetes does it: all matchLabels and all matchExpressions. */
  public static boolean selected(DeviceSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    for (var e : selector.getMatchLabels().entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (LabelRequirement r : selector.getMatchExpressions()) {
      String value = labels.get(r.getKey());
      boolean ok = switch (r.getOperator()) {
        case In -> value != null && r.getValues().contains(value);
        case NotIn -> value == null || !r.getValues().contains(value);
        case Exists -> labels.containsKey(r.getKey());
        case DoesNotExist -> !labels.containsKey(r.getKey());
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
