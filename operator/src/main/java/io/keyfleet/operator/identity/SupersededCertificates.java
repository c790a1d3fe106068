package io.keyfleet.operator.identity;

import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.KeyRotationPolicySpec;
import io.keyfleet.api.v1alpha1.common.Durations;
import io.keyfleet.api.v1alpha1.identity.RevocationReason;
import io.keyfleet.api.v1alpha1.identity.SupersededCertificate;
import io.keyfleet.operator.revocation.CrlPublisher;
import io.keyfleet.operator.revocation.Revocation;
import io.keyfleet.operator.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates a renewal replaced: listed in status, and put on the fleet CRL once the policy's
 * grace period is over (when it revokes superseded certificates).
 */
final class SupersededCertificates {
  private final CrlPublisher crl;

  SupersededCertificates(CrlPublisher crl) {
    this.crl = crl;
  }

  /** Puts superseded certificates on the CRL once their grace period is over. */
  List<SupersededCertificate> revokeWhenDue(DeviceIdentity device, IdentityLifecycle.FleetContext fleet, SecretFacts held, Instant now) {
    var revocation = fleet.policy().getRevocation();
    if (Boolean.TRUE.equals(revocation.getRevokeSuperseded()) && !held.superseded().isEmpty()) {
      Duration grace = Durations.parse(revocation.getSupersededGracePeriod());
      List<Revocation> due = new ArrayList<>();
      for (DeviceSecret.Superseded s : held.superseded()) {
        Instant after = s.supersededAt().plus(grace);
        if (!now.isBefore(after) && s.notAfter().isAfter(now)) {
          due.add(new Revocation(s.serial(), after, RevocationReason.superseded, s.notAfter()));
        }
      }
      if (!due.isEmpty()) {
        var known = crl.revokedSerials(device.getMetadata().getNamespace(), fleet.fleet().getMetadata().getName());
        List<Revocation> fresh = due.stream().filter(r -> !known.contains(r.serialHex())).toList();
        if (!fresh.isEmpty()) {
          crl.publish(device.getMetadata().getNamespace(), fleet.fleet().getMetadata().getName(), fleet.authority().crlSigner(), fleet.crlUrl(),
              IdentityLifecycle.crlValidity(fleet.fleet()), fresh);
        }
      }
    }
    return status(fleet.policy(), held);
  }

  static Instant nextRevocation(KeyRotationPolicySpec policy, SecretFacts held, Instant now) {
    if (policy == null || !Boolean.TRUE.equals(policy.getRevocation().getRevokeSuperseded())) {
      return null;
    }
    Duration grace = Durations.parse(policy.getRevocation().getSupersededGracePeriod());
    return held.superseded().stream().map(s -> s.supersededAt().plus(grace)).filter(t -> t.isAfter(now)).min(Instant::compareTo).orElse(null);
  }

  static List<SupersededCertificate> status(KeyRotationPolicySpec policy, SecretFacts held) {
    List<SupersededCertificate> list = new ArrayList<>();
    for (DeviceSecret.Superseded s : held.superseded()) {
      SupersededCertificate c = new SupersededCertificate();
      c.setSerialNumber(s.serial());
      c.setNotAfter(Conditions.format(s.notAfter()));
      c.setSupersededAt(Conditions.format(s.supersededAt()));
      if (policy != null && Boolean.TRUE.equals(policy.getRevocation().getRevokeSuperseded())) {
        c.setRevokeAfter(Conditions.format(s.supersededAt().plus(Durations.parse(policy.getRevocation().getSupersededGracePeriod()))));
      }
      list.add(c);
    }
    return list;
  }
}
