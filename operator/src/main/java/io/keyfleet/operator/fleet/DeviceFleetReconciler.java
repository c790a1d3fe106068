package io.keyfleet.operator.fleet;

import static io.keyfleet.api.v1alpha1.common.ConditionTypes.READY;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceFleetStatus;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.api.v1alpha1.common.Condition;
import io.keyfleet.api.v1alpha1.fleet.CaStatus;
import io.keyfleet.api.v1alpha1.fleet.CrlStatus;
import io.keyfleet.operator.metrics.StatusGauges;
import io.keyfleet.operator.certmanager.Delegation;
import io.keyfleet.operator.identity.FleetAuthority;
import java.security.cert.X509Certificate;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.revocation.CrlFacts;
import io.keyfleet.operator.revocation.CrlPublisher;
import io.keyfleet.operator.signing.SigningKeyStore;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.status.EventRecorder;
import io.keyfleet.operator.status.Conditions.Decision;
import io.keyfleet.operator.status.Indexes;
import io.keyfleet.operator.status.StatusPatch;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Reconciles a fleet: resolves its rotation policy, checks its templates and issuer, makes sure
 * its CA exists, and keeps its CRL signed and fresh.
 */
@ControllerConfiguration(name = DeviceFleetReconciler.NAME)
public class DeviceFleetReconciler implements Reconciler<DeviceFleet> {
  public static final String NAME = "devicefleet";
  static final String BY_POLICY = "byPolicy";

  private final Clock clock;
  private final FleetAuthorities authorities;
  private final CrlPublisher crl;
  private final FleetCrlUrls crlUrls;
  private final FleetDeviceCounts counts;
  private final FleetIssuanceTally tally;
  private final EventRecorder events;

  /** How often device counts reach the fleet's status at most. */
  static final Duration COUNT_REFRESH = Duration.ofSeconds(10);

  private final FleetSigningKeys signing;
  private final StatusGauges gauges;

  public DeviceFleetReconciler(Clock clock, FleetAuthorities authorities, SigningKeyStore signingKeys, CrlPublisher crl, FleetCrlUrls crlUrls,
      FleetDeviceCounts counts, FleetIssuanceTally tally, EventRecorder events, StatusGauges gauges) {
    this.gauges = gauges;
    this.signing = new FleetSigningKeys(signingKeys, counts, events, clock);
    this.counts = counts;
    this.tally = tally;
    this.events = events;
    this.clock = clock;
    this.authorities = authorities;
    this.crl = crl;
    this.crlUrls = crlUrls;
  }

  @Override
  public List<EventSource<?, DeviceFleet>> prepareEventSources(EventSourceContext<DeviceFleet> context) {
    // The fleet gauges are read from this cache at each scrape: a deleted fleet leaves with it.
    gauges.watchFleets(context.getPrimaryCache());
    return List.of(
        Indexes.referencedByName(context, KeyRotationPolicy.class, DeviceFleet.class, BY_POLICY, f -> f.getSpec().getRotationPolicyRef().getName()));
  }

  @Override
  public UpdateControl<DeviceFleet> reconcile(DeviceFleet fleet, Context<DeviceFleet> context) {
    var policy = context.getSecondaryResource(KeyRotationPolicy.class);
    DeviceFleetStatus current = owned(fleet.getStatus());
    DeviceFleetStatus desired = current == null ? new DeviceFleetStatus() : StatusPatch.copy(current);
    long generation = fleet.getMetadata().getGeneration();
    desired.setObservedGeneration(generation);
    List<Decision> decisions = FleetReadiness.decide(fleet, policy);
    Duration recheck = null;
    if (decisions.get(0).status() == Condition.Status.True) {
      try {
        FleetAuthority authority = authorities.ensure(fleet);
        desired.setCa(caStatus(authority.caCertificate()));
        String validity = fleet.getSpec().getCrl() == null ? "24h" : fleet.getSpec().getCrl().getValidity();
        CrlFacts facts = crl.publish(fleet.getMetadata().getNamespace(), fleet.getMetadata().getName(), authority.crlSigner(), crlUrls.url(fleet),
            validity, List.of());
        desired.setIntermediateCa(null);
        if (FleetAuthorities.isCertManager(fleet)) {
          var intermediate = authorities.certManager().intermediate(Indexes.key(fleet));
          var renewal = authorities.certManager().renewal(Indexes.key(fleet));
          intermediate.ifPresent(i -> desired.setIntermediateCa(caStatus(i)));
          decisions = List.of(intermediate.isPresent()
              ? CertManagerFleets.readyWithIntermediate(fleet, intermediate.get(), renewal)
              : CertManagerFleets.ready(fleet, crlUrls.url(fleet), authorities.certManager().issuerCrlDistributionPoints(fleet), renewal));
        }
        desired.setCrl(crlStatus(facts));
        // Look again half-way to nextUpdate: the publisher re-signs from there on.
        recheck = Duration.between(facts.thisUpdate(), facts.nextUpdate()).dividedBy(2)
            .minus(Duration.between(facts.thisUpdate(), clock.instant())).plusSeconds(1);
        desired.setSigning(signing.reconcile(fleet, desired.getSigning()));
      } catch (CaUnavailableException e) {
        decisions = List.of(Decision.isFalse(READY, e.reason(), e.getMessage()));
        // cert-manager usually answers within seconds; a missing CA or issuer waits for a person.
        recheck = Delegation.isAwaiting(e.reason()) ? Duration.ofSeconds(2) : Duration.ofMinutes(1);
      }
    }
    desired.setConditions(Conditions.merge(desired.getConditions(), decisions, generation, clock));
    desired.setDevices(counts.counts(Indexes.key(fleet)));
    long issued = tally.drain(Indexes.key(fleet));
    if (issued > 0) {
      events.normal(fleet, "Issued", "issued " + issued + " new device certificate" + (issued == 1 ? "" : "s"));
    }
    recheck = recheck == null || recheck.compareTo(COUNT_REFRESH) > 0 ? COUNT_REFRESH : recheck;
    UpdateControl<DeviceFleet> control = StatusPatch.ifChanged(fleet, current, desired, DeviceFleet::new);
    control.rescheduleAfter(Math.max(1000, recheck.toMillis()));
    return control;
  }

  /**
   * The part of the status the fleet's reconcile owns: all but the manifest sequence, which
   * campaigns advance with a compare-and-swap of their own and which this apply must never reset.
   */
  static DeviceFleetStatus owned(DeviceFleetStatus status) {
    if (status == null || status.getSigning() == null || status.getSigning().getLastManifestSequence() == null) {
      return status;
    }
    DeviceFleetStatus copy = StatusPatch.copy(status);
    copy.getSigning().setLastManifestSequence(null);
    return copy;
  }

  private static CaStatus caStatus(X509Certificate ca) {
    CaStatus s = new CaStatus();
    s.setSubject(ca.getSubjectX500Principal().getName());
    s.setSerialNumber(Pem.serialHex(ca.getSerialNumber()));
    s.setNotAfter(Conditions.format(ca.getNotAfter().toInstant()));
    s.setFingerprintSHA256(Pem.sha256Fingerprint(ca));
    return s;
  }

  private static CrlStatus crlStatus(CrlFacts facts) {
    CrlStatus s = new CrlStatus();
    s.setUrl(facts.url());
    s.setNumber(facts.number());
    s.setThisUpdate(Conditions.format(facts.thisUpdate()));
    s.setNextUpdate(Conditions.format(facts.nextUpdate()));
    s.setEntries((long) facts.entries());
    return s;
  }
}
