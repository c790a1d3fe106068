package io.keyfleet.operator.fleet;

import static io.keyfleet.api.v1alpha1.common.ConditionTypes.READY;

import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.operator.status.Conditions.Decision;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/** The Ready condition of a fleet whose devices a cert-manager issuer signs. A pure function. */
final class CertManagerFleets {
  private CertManagerFleets() {}

  /**
   * Ready, telling which URL the issuer must name as CRL distribution point: cert-manager puts the
   * issuer's configured points into every certificate, and Keyfleet cannot add one per request.
   *
   * @param issuerPoints the issuer's spec.ca.crlDistributionPoints (empty for other issuer types)
   */
  static Decision ready(DeviceFleet fleet, String crlUrl, List<String> issuerPoints, Optional<String> renewal) {
    var ref = fleet.getSpec().getIssuer().getCertManager().getIssuerRef();
    String issuer = ref.getKind() + " '" + ref.getName() + "'";
    if (issuerPoints.contains(crlUrl)) {
      return Decision.isTrue(READY, FleetReadiness.READY_REASON, issuer + " is Ready and names the fleet's CRL " + crlUrl + renewing(renewal));
    }
    return Decision.isTrue(READY, FleetReadiness.READY_REASON, issuer + " is Ready; for revocation to reach relying parties its"
        + " spec.ca.crlDistributionPoints must name " + crlUrl + " (it names " + issuerPoints + ")" + renewing(renewal));
  }

  /** Ready, naming the intermediate CA the issuer certified (signing Intermediate): Keyfleet names the CRL itself. */
  static Decision readyWithIntermediate(DeviceFleet fleet, X509Certificate intermediate, Optional<String> renewal) {
    var ref = fleet.getSpec().getIssuer().getCertManager().getIssuerRef();
    return Decision.isTrue(READY, FleetReadiness.READY_REASON, ref.getKind() + " '" + ref.getName() + "' is Ready and certified the"
        + " fleet's intermediate CA " + intermediate.getSubjectX500Principal().getName() + " until " + intermediate.getNotAfter().toInstant()
        + renewing(renewal));
  }

  private static String renewing(Optional<String> renewal) {
    return renewal.map(r -> "; renewing it: " + r).orElse("");
  }
}
