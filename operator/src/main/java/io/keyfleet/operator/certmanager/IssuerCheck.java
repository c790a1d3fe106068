package io.keyfleet.operator.certmanager;

import io.fabric8.certmanager.api.model.v1.IssuerCondition;
import io.fabric8.certmanager.api.model.v1.IssuerSpec;
import io.fabric8.certmanager.api.model.v1.IssuerStatus;
import io.fabric8.certmanager.client.CertManagerClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.fleet.IssuerRef;
import io.keyfleet.operator.fleet.CaUnavailableException;
import java.util.List;
import java.util.Optional;

/** Whether the Issuer or ClusterIssuer a fleet names exists and is Ready. */
public final class IssuerCheck {
  public static final String GROUP = "cert-manager.io";
  public static final String NOT_FOUND = "IssuerNotFound";
  public static final String NOT_READY = "IssuerNotReady";

  private final KubernetesClient client;

  public IssuerCheck(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The issuer's CRL distribution points (spec.ca.crlDistributionPoints; empty for other kinds of
   * issuer), once it is Ready.
   *
   * @throws CaUnavailableException IssuerNotFound or IssuerNotReady
   */
  public List<String> requireReady(DeviceFleet fleet) throws CaUnavailableException {
    IssuerRef ref = fleet.getSpec().getIssuer().getCertManager().getIssuerRef();
    if (!GROUP.equals(ref.getGroup())) {
      // An external issuer (another API group) keeps its own status shape: cert-manager's
      // requests report on it instead.
      return List.of();
    }
    CertManagerClient api = client.adapt(CertManagerClient.class);
    String field = "spec.issuer.certManager.issuerRef";
    IssuerSpec spec;
    IssuerStatus status;
    String described;
    if (ref.getKind() == IssuerRef.Kind.ClusterIssuer) {
      var issuer = api.v1().clusterIssuers().withName(ref.getName()).get();
      described = "ClusterIssuer '" + ref.getName() + "' (" + field + ")";
      if (issuer == null) {
        throw new CaUnavailableException(NOT_FOUND, described + " does not exist");
      }
      spec = issuer.getSpec();
      status = issuer.getStatus();
    } else {
      String namespace = fleet.getMetadata().getNamespace();
      var issuer = api.v1().issuers().inNamespace(namespace).withName(ref.getName()).get();
      described = "Issuer '" + ref.getName() + "' (" + field + ")";
      if (issuer == null) {
        throw new CaUnavailableException(NOT_FOUND, described + " does not exist in namespace '" + namespace + "'");
      }
      spec = issuer.getSpec();
      status = issuer.getStatus();
    }
    Optional<IssuerCondition> ready = status == null || status.getConditions() == null ? Optional.empty()
        : status.getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    if (ready.isEmpty() || !"True".equals(ready.get().getStatus())) {
      throw new CaUnavailableException(NOT_READY, described + " is not Ready"
          + ready.map(c -> ": " + c.getReason() + ": " + c.getMessage()).orElse(" (no Ready condition yet)"));
    }
    return spec != null && spec.getCa() != null && spec.getCa().getCrlDistributionPoints() != null
        ? spec.getCa().getCrlDistributionPoints() : List.of();
  }
}
