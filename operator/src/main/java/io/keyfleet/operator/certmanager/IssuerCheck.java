package io.keyfleet.operator.certmanager;

import io.fabric8.certmanager.api.model.v1.IssuerCondition;
import io.fabric8.certmanager.api.model.v1.IssuerSpec;
import io.fabric8.certmanager.api.model.v1.IssuerStatus;
import io.fabric8.certmanager.client.CertManagerClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.fleet.IssuerRef;
import io.keyfleet.operator.fleet.CaUnavailableException;
import io.keyfleet.operator.status.Indexes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the Issuer or ClusterIssuer a fleet names exists and is Ready. An issuer that is missing
 * or not Ready is looked at again with a {@link Backoff} (2 s, then as long again as it has been
 * failing, up to 5 min), not at every reconcile of the fleet; a change of the fleet's issuerRef is
 * looked at at once.
 */
public final class IssuerCheck {
  public static final String GROUP = "cert-manager.io";
  public static final String NOT_FOUND = "IssuerNotFound";
  public static final String NOT_READY = "IssuerNotReady";
  static final Duration MIN_RETRY = Duration.ofSeconds(2);
  static final Duration MAX_RETRY = Duration.ofMinutes(5);

  private final KubernetesClient client;
  private final Map<String, Failing> failing = new ConcurrentHashMap<>();

  /** An issuer found missing or not Ready since {@code since}; looked at again at {@code retryAt}. */
  private record Failing(Instant since, Instant retryAt, String reason, String message) {}

  public IssuerCheck(KubernetesClient client) {
    this.client = client;
  }

  /**
   * As {@link #requireReady(DeviceFleet)}, with the back-off: while an issuer that failed waits for
   * its next look, its last answer is given again without an API call.
   */
  public List<String> requireReady(DeviceFleet fleet, Instant now) throws CaUnavailableException {
    IssuerRef ref = fleet.getSpec().getIssuer().getCertManager().getIssuerRef();
    String key = Indexes.key(fleet) + "|" + ref.getGroup() + "/" + ref.getKind() + "/" + ref.getName();
    Failing last = failing.get(key);
    // (A clock that went back, as a test's may, looks again.)
    if (last != null && now.isBefore(last.retryAt()) && !now.isBefore(last.since())) {
      throw new CaUnavailableException(last.reason(), last.message());
    }
    try {
      List<String> points = requireReady(fleet);
      failing.remove(key);
      return points;
    } catch (CaUnavailableException e) {
      Instant since = last == null ? now : last.since();
      Instant retryAt = Backoff.next(since, now, MIN_RETRY, MAX_RETRY);
      String message = e.getMessage() + "; looked at again at " + retryAt;
      failing.put(key, new Failing(since, retryAt, e.reason(), message));
      throw new CaUnavailableException(e.reason(), message);
    }
  }

  /**
   * The issuer's CRL distribution points (spec.ca.crlDistributionPoints; empty for other kinds of
   * issuer), once it is Ready.
   *
   * @throws CaUnavailableException IssuerNotFound or IssuerNotReady
   */
  List<String> requireReady(DeviceFleet fleet) throws CaUnavailableException {
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
