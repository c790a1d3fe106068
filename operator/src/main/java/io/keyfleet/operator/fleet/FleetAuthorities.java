package io.keyfleet.operator.fleet;

import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.operator.certmanager.CertManagerAuthorities;
import io.keyfleet.operator.identity.BuiltinSigner;
import io.keyfleet.operator.identity.FleetAuthority;
import io.keyfleet.operator.pki.CaMaterial;
import io.keyfleet.operator.pki.CrlSigner;
import io.keyfleet.operator.status.Indexes;
import java.time.Clock;
import java.util.Optional;

/** Resolves a fleet's {@link FleetAuthority} by its issuer mode: the built-in CA or a cert-manager issuer. */
public final class FleetAuthorities {
  public static final String CERT_MANAGER_NOT_INSTALLED = "CertManagerNotInstalled";

  private final FleetCaStore cas;
  private final CertManagerAuthorities certManager;
  private final Clock clock;

  /** @param certManager null when the API server serves no cert-manager.io/v1 CertificateRequests */
  public FleetAuthorities(FleetCaStore cas, CertManagerAuthorities certManager, Clock clock) {
    this.cas = cas;
    this.certManager = certManager;
    this.clock = clock;
  }

  public FleetAuthority ensure(DeviceFleet fleet) throws CaUnavailableException {
    if (isCertManager(fleet)) {
      return certManager().ensure(fleet);
    }
    return builtin(cas.ensure(fleet));
  }

  /** The fleet's authority if it is known, without API calls. */
  public Optional<FleetAuthority> cached(DeviceFleet fleet) {
    if (isCertManager(fleet)) {
      return certManager == null ? Optional.empty() : certManager.cached(Indexes.key(fleet));
    }
    return cas.cached(Indexes.key(fleet)).map(this::builtin);
  }

  /** The cert-manager side, for what only it has (the issuer's CRL distribution points). */
  public CertManagerAuthorities certManager() throws CaUnavailableException {
    if (certManager == null) {
      throw new CaUnavailableException(CERT_MANAGER_NOT_INSTALLED,
          "spec.issuer.certManager: the API server serves no cert-manager.io/v1 CertificateRequests; install cert-manager,"
              + " then restart the operator");
    }
    return certManager;
  }

  public static boolean isCertManager(DeviceFleet fleet) {
    return fleet.getSpec().getIssuer() != null && fleet.getSpec().getIssuer().getCertManager() != null;
  }

  private FleetAuthority builtin(CaMaterial ca) {
    return new FleetAuthority(ca.certificate(), CrlSigner.direct(ca), new BuiltinSigner(ca, clock));
  }
}
