package io.keyfleet.operator.identity;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.keyfleet.operator.cache.LeanItemStore;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.DeviceIdentityStatus;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.api.v1alpha1.KeyfleetApi;
import io.keyfleet.api.v1alpha1.common.ConditionTypes;
import io.keyfleet.api.v1alpha1.identity.RevocationReason;
import io.keyfleet.operator.fleet.FleetAuthorities;
import io.fabric8.certmanager.api.model.v1.CertificateRequest;
import io.keyfleet.operator.certmanager.CertificateRequests;
import io.keyfleet.operator.certmanager.DeviceRequestCache;
import io.keyfleet.operator.fleet.FleetDeviceCounts;
import io.keyfleet.operator.fleet.FleetCrlUrls;
import io.keyfleet.operator.revocation.CrlPublisher;
import io.keyfleet.operator.signing.SigningKeyStore;
import io.keyfleet.operator.revocation.Revocation;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.status.Indexes;
import io.keyfleet.operator.status.StatusPatch;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reconciles one device: resolves its fleet, then lets {@link IdentityLifecycle} issue, renew,
 * rotate or revoke its certificate, and publishes the outcome in status. Its finalizer puts the
 * device's certificates on the fleet CRL when the DeviceIdentity is deleted.
 */
@ControllerConfiguration(name = DeviceIdentityReconciler.NAME, finalizerName = DeviceIdentityReconciler.FINALIZER)
public class DeviceIdentityReconciler implements Reconciler<DeviceIdentity>, Cleaner<DeviceIdentity> {
  public static final String NAME = "deviceidentity";
  public static final String FINALIZER = "keyfleet.io/revoke-on-delete";
  static final String BY_FLEET = "byFleet";
  static final String SECRETS = "device-secrets";
  static final String POLICIES = "policies";
  static final String REQUESTS = "certificate-requests";

  private final Clock clock;
  private final FleetAuthorities authorities;
  /** Where cert-manager's signers read the device requests; null when the API server serves no cert-manager. */
  private final DeviceRequestCache certManagerRequests;
  private final CrlPublisher crl;
  private final FleetCrlUrls crlUrls;
  private final IdentityLifecycle lifecycle;
  private final FleetDeviceCounts counts;
  private final SigningKeyStore signingKeys;

  public DeviceIdentityReconciler(
      Clock clock, FleetAuthorities authorities, SigningKeyStore signingKeys, CrlPublisher crl, FleetCrlUrls crlUrls, IdentityLifecycle lifecycle,
      FleetDeviceCounts counts, DeviceRequestCache certManagerRequests) {
    this.certManagerRequests = certManagerRequests;
    this.clock = clock;
    this.signingKeys = signingKeys;
    this.counts = counts;
    this.authorities = authorities;
    this.crl = crl;
    this.crlUrls = crlUrls;
    this.lifecycle = lifecycle;
  }

  @Override
  public List<EventSource<?, DeviceIdentity>> prepareEventSources(EventSourceContext<DeviceIdentity> context) {
    var fleets = Indexes.referencedByName(context, DeviceFleet.class, DeviceIdentity.class, BY_FLEET, d -> d.getSpec().getFleetRef().getName());
    // Only Secrets the operator labelled are cached (never the namespace's other Secrets), and
    // without their data: the facts the reconciler needs are kept beside them (DeviceSecretStore).
    var secrets =
        InformerEventSourceConfiguration.from(Secret.class, DeviceIdentity.class)
            .withItemStore(lifecycle.secretStore())
            .withName(SECRETS)
            .withNamespacesInheritedFromController()
            .withLabelSelector(KeyfleetApi.LABEL_MANAGED_BY + "=" + KeyfleetApi.MANAGED_BY + "," + KeyfleetApi.LABEL_DEVICE)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(DeviceIdentity.class, false))
            // A device's Secret is found by its name: no primary-to-secondary index (a set per
            // device) is kept for it.
            .withPrimaryToSecondaryMapper((DeviceIdentity d) -> Set.of(new ResourceID(DeviceSecret.name(d), d.getMetadata().getNamespace())))
            .build();
    // Policies are only looked up (renewal timing); a policy change reaches devices at their next check.
    var policies =
        InformerEventSourceConfiguration.from(KeyRotationPolicy.class, DeviceIdentity.class)
            .withItemStore(new LeanItemStore<KeyRotationPolicy>())
            .withName(POLICIES)
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(p -> Set.of())
            .build();
    if (certManagerRequests == null) {
      return List.of(fleets, new InformerEventSource<>(secrets, context), new InformerEventSource<>(policies, context));
    }
    // The cert-manager mode waits for its CertificateRequests by their updates, not by polling:
    // only the requests Keyfleet made for devices are watched. The signers read them from this
    // informer too (no GET per reconcile).
    var requests =
        InformerEventSourceConfiguration.from(CertificateRequest.class, DeviceIdentity.class)
            .withItemStore(new LeanItemStore<CertificateRequest>())
            .withName(REQUESTS)
            .withNamespacesInheritedFromController()
            .withLabelSelector(KeyfleetApi.LABEL_MANAGED_BY + "=" + KeyfleetApi.MANAGED_BY + ","
                + CertificateRequests.COMPONENT + "=" + CertificateRequests.DEVICE_CERTIFICATE)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(DeviceIdentity.class, false))
            .withPrimaryToSecondaryMapper((DeviceIdentity d) -> Set.of())
            .build();
    var requestSource = new InformerEventSource<>(requests, context);
    certManagerRequests.attach(requestSource);
    return List.of(fleets, new InformerEventSource<>(secrets, context), new InformerEventSource<>(policies, context), requestSource);
  }

  @Override
  public UpdateControl<DeviceIdentity> reconcile(DeviceIdentity device, Context<DeviceIdentity> context) {
    Optional<DeviceFleet> fleet = context.getSecondaryResource(DeviceFleet.class);
    DeviceIdentityStatus current = owned(device.getStatus());
    DeviceIdentityStatus desired = current == null ? new DeviceIdentityStatus() : StatusPatch.copy(current);
    long generation = device.getMetadata().getGeneration();
    desired.setObservedGeneration(generation);
    Optional<IdentityLifecycle.FleetContext> ready = fleetContext(fleet, context);
    if (ready.isEmpty()) {
      desired.setConditions(Conditions.merge(desired.getConditions(), IdentityReadiness.decide(device, fleet), generation, clock));
      count(device, desired, null);
      return StatusPatch.ifChanged(device, current, desired, DeviceIdentity::new);
    }
    Secret secret = context.getSecondaryResource(Secret.class, SECRETS).orElse(null);
    IdentityLifecycle.Outcome outcome = lifecycle.reconcile(device, ready.get(), secret, current == null ? null : current.getRevokedAt());
    desired.setConditions(Conditions.merge(desired.getConditions(), outcome.decisions(), generation, clock));
    desired.setCertificate(outcome.credentials().map(c -> IdentityLifecycle.certificateStatus(device, c, outcome.renewalTime())).orElse(null));
    desired.setSuperseded(outcome.superseded());
    desired.setRevokedAt(outcome.revokedAt());
    desired.setDataKeys(outcome.dataKeys());
    count(device, desired, outcome.credentials().map(c -> c.updateTrustId() == null ? "" : c.updateTrustId()).orElse(null));
    UpdateControl<DeviceIdentity> control = StatusPatch.ifChanged(device, current, desired, DeviceIdentity::new);
    if (outcome.recheckAt() != null) {
      long millis = Math.max(1000, Duration.between(clock.instant(), outcome.recheckAt()).toMillis());
      control.rescheduleAfter(Math.min(millis, Duration.ofHours(12).toMillis()));
    }
    return control;
  }

  /** Reports the device's state to its fleet's tallies. */
  private void count(DeviceIdentity device, DeviceIdentityStatus status, String updateTrustId) {
    var conditions = status.getConditions();
    String reason = Conditions.find(conditions, ConditionTypes.READY).map(c -> c.getReason()).orElse("");
    java.time.Instant notAfter = status.getCertificate() == null || status.getCertificate().getNotAfter() == null
        ? null : java.time.Instant.parse(status.getCertificate().getNotAfter());
    boolean expiringSoon = notAfter != null && notAfter.isBefore(clock.instant().plus(Duration.ofDays(7)));
    boolean revoked = Boolean.TRUE.equals(device.getSpec().getRevoked());
    counts.record(
        fleetKey(device),
        device.getMetadata().getUid(),
        new FleetDeviceCounts.DeviceState(
            Conditions.isTrue(conditions, ConditionTypes.READY),
            Conditions.isTrue(conditions, ConditionTypes.RENEWAL_DUE),
            expiringSoon && !revoked,
            revoked,
            reason.equals(IdentityLifecycle.ISSUANCE_FAILED) || reason.equals(IdentityLifecycle.CSR_REJECTED)
                || reason.equals(io.keyfleet.operator.certmanager.CertManagerSigner.DENIED)
                || reason.equals(io.keyfleet.operator.certmanager.CertManagerSigner.FAILED),
            updateTrustId,
            notAfter == null || revoked ? 0 : notAfter.getEpochSecond()));
  }

  private static String fleetKey(DeviceIdentity device) {
    return Indexes.key(device.getMetadata().getNamespace(), device.getSpec().getFleetRef().getName());
  }

  @Override
  public DeleteControl cleanup(DeviceIdentity device, Context<DeviceIdentity> context) {
    counts.forget(fleetKey(device), device.getMetadata().getUid());
    lifecycle.forget(device);
    Optional<IdentityLifecycle.FleetContext> ready = fleetContext(context.getSecondaryResource(DeviceFleet.class), context);
    Secret secret = context.getSecondaryResource(Secret.class, SECRETS).orElse(null);
    Optional<SecretFacts> held = lifecycle.facts(device, secret);
    if (ready.isPresent() && held.isPresent()) {
      var now = clock.instant();
      List<Revocation> revocations = new ArrayList<>();
      RevocationReason reason = Boolean.TRUE.equals(device.getSpec().getRevoked()) && device.getSpec().getRevocationReason() != null
          ? device.getSpec().getRevocationReason() : RevocationReason.cessationOfOperation;
      if (held.get().notAfter().isAfter(now)) {
        revocations.add(new Revocation(held.get().serial(), now, reason, held.get().notAfter()));
      }
      held.get().superseded().stream().filter(s -> s.notAfter().isAfter(now))
          .forEach(s -> revocations.add(new Revocation(s.serial(), now, reason, s.notAfter())));
      var f = ready.get();
      crl.publish(device.getMetadata().getNamespace(), f.fleet().getMetadata().getName(), f.authority().crlSigner(), f.crlUrl(),
          IdentityLifecycle.crlValidity(f.fleet()), revocations);
    }
    return DeleteControl.defaultDelete();
  }

  /** The fleet, its policy and CA when the fleet is ready to issue. */
  private Optional<IdentityLifecycle.FleetContext> fleetContext(Optional<DeviceFleet> fleet, Context<DeviceIdentity> context) {
    if (fleet.isEmpty() || fleet.get().getStatus() == null
        || !Conditions.isTrue(fleet.get().getStatus().getConditions(), ConditionTypes.READY)) {
      return Optional.empty();
    }
    DeviceFleet f = fleet.get();
    var policy =
        ((InformerEventSource<KeyRotationPolicy, DeviceIdentity>) context.eventSourceRetriever().getEventSourceFor(KeyRotationPolicy.class, POLICIES))
            .get(new ResourceID(f.getSpec().getRotationPolicyRef().getName(), f.getMetadata().getNamespace()));
    if (policy.isEmpty()) {
      return Optional.empty();
    }
    var ca = authorities.cached(f);
    if (ca.isEmpty()) {
      try {
        ca = Optional.of(authorities.ensure(f));
      } catch (Exception e) {
        return Optional.empty();
      }
    }
    DeviceSecret.UpdateTrust trust = null;
    if (f.getSpec().getUpdates() != null) {
      var keys = signingKeys.cached(Indexes.key(f));
      if (keys.isEmpty()) {
        try {
          keys = Optional.of(signingKeys.ensure(f));
        } catch (Exception e) {
          return Optional.empty();
        }
      }
      trust = new DeviceSecret.UpdateTrust(keys.get().bundleId(), keys.get().trustBundlePem());
    }
    return Optional.of(new IdentityLifecycle.FleetContext(f, policy.get().getSpec(), ca.get(), crlUrls.url(f), trust));
  }

  /**
   * The part of the status this reconciler owns: everything but the connector's report and the
   * campaigns' assignment (written under field managers of their own).
   */
  static DeviceIdentityStatus owned(DeviceIdentityStatus status) {
    if (status == null) {
      return null;
    }
    DeviceIdentityStatus copy = StatusPatch.copy(status);
    copy.setReported(null);
    copy.setUpdate(null);
    return copy;
  }
}
