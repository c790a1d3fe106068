package io.keyfleet.operator.identity;

import static io.keyfleet.api.v1alpha1.common.ConditionTypes.ISSUED;
import static io.keyfleet.api.v1alpha1.common.ConditionTypes.READY;
import static io.keyfleet.api.v1alpha1.common.ConditionTypes.RENEWAL_DUE;
import static io.keyfleet.api.v1alpha1.common.ConditionTypes.REVOKED;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.KeyRotationPolicySpec;
import io.keyfleet.api.v1alpha1.common.Durations;
import io.keyfleet.api.v1alpha1.identity.CertificateStatus;
import io.keyfleet.api.v1alpha1.identity.DataKeyStatus;
import io.keyfleet.api.v1alpha1.identity.KeySource;
import io.keyfleet.api.v1alpha1.identity.RevocationReason;
import io.keyfleet.api.v1alpha1.identity.SupersededCertificate;
import io.keyfleet.operator.metrics.KeyfleetMetrics;
import io.keyfleet.operator.pki.CaMaterial;
import io.keyfleet.operator.pki.CertificateIssuer;
import io.keyfleet.operator.pki.CsrCheck;
import io.keyfleet.operator.pki.CsrValidator;
import io.keyfleet.operator.pki.KeyPairs;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.revocation.CrlPublisher;
import io.keyfleet.operator.revocation.Revocation;
import io.keyfleet.operator.rotation.CertificateFacts;
import io.keyfleet.operator.rotation.RenewalDecision;
import io.keyfleet.operator.rotation.RenewalPolicy;
import io.keyfleet.operator.schedule.MaintenanceWindows;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.status.Conditions.Decision;
import io.keyfleet.operator.status.EventRecorder;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The certificate lifecycle of one device, for a ready fleet: issue, renew, rotate, revoke. The
 * device Secret is written first and is the record of truth; the status the reconciler publishes
 * afterwards is derived from it, so a crash between the two never leaves a second live
 * certificate: the next reconcile finds the Secret's certificate valid and keeps it.
 */
public final class IdentityLifecycle {
  public static final String ISSUED_REASON = "Issued";
  public static final String ISSUANCE_FAILED = "IssuanceFailed";
  public static final String CSR_REJECTED = "CSRRejected";
  public static final String NEW_CSR_REQUIRED = "NewCSRRequired";

  private final KubernetesClient client;
  private final CrlPublisher crl;
  private final EventRecorder events;
  private final FleetRateLimits limits;
  private final Clock clock;
  private final DeviceSecretStore secrets = new DeviceSecretStore();
  private final SupersededCertificates superseded;
  private final java.util.Map<String, PendingKey> pendingKeys = new java.util.concurrent.ConcurrentHashMap<>();

  private final io.keyfleet.operator.fleet.FleetIssuanceTally tally;
  private final KeyfleetMetrics metrics;

  public IdentityLifecycle(KubernetesClient client, CrlPublisher crl, EventRecorder events, FleetRateLimits limits,
      io.keyfleet.operator.fleet.FleetIssuanceTally tally, KeyfleetMetrics metrics, Clock clock) {
    this.client = client;
    this.tally = tally;
    this.metrics = metrics;
    this.crl = crl;
    this.events = events;
    this.limits = limits;
    this.clock = clock;
    this.superseded = new SupersededCertificates(crl);
  }

  /** What the reconcile decided: conditions, certificate facts, and when to look again. */
  public record Outcome(List<Decision> decisions, Optional<SecretFacts> credentials, Instant renewalTime,
      String revokedAt, List<SupersededCertificate> superseded, Instant recheckAt) {
    /** The data-key facts for the status (versions and times, never key material). */
    public DataKeyStatus dataKeys() {
      if (credentials.isEmpty() || credentials.get().dataKeys().isEmpty()) {
        return null;
      }
      var keys = credentials.get().dataKeys();
      DataKeyStatus s = new DataKeyStatus();
      s.setActiveVersion(keys.get(keys.size() - 1).version());
      s.setOldestVersion(keys.get(0).version());
      s.setRotatedAt(Conditions.format(keys.get(keys.size() - 1).createdAt()));
      return s;
    }
  }

  /** The store the device Secrets' informer keeps them in: without data, with their facts. */
  public DeviceSecretStore secretStore() {
    return secrets;
  }

  /** The facts of a device's cached Secret (see {@link DeviceSecretStore}). */
  public Optional<SecretFacts> facts(DeviceIdentity device, Secret cached) {
    return secrets.facts(cached, () -> fetch(device));
  }

  /** Everything the lifecycle needs about the device's fleet. */
  public record FleetContext(DeviceFleet fleet, KeyRotationPolicySpec policy, FleetAuthority authority, String crlUrl, DeviceSecret.UpdateTrust trust) {
    /** The CA the fleet's device certificates chain to. */
    X509Certificate caCertificate() {
      return authority.caCertificate();
    }

    /** Whether a Secret's update-trust.pem is the one the fleet's devices must carry now. */
    boolean trustCurrent(SecretFacts held) {
      return trust == null ? held.updateTrustId() == null : trust.id().equals(held.updateTrustId());
    }
  }

  /** @param secret the device Secret as cached (no data), or null */
  public Outcome reconcile(DeviceIdentity device, FleetContext fleet, Secret secret, String existingRevokedAt) {
    Instant now = clock.instant();
    Optional<SecretFacts> held = facts(device, secret);
    if (Boolean.TRUE.equals(device.getSpec().getRevoked())) {
      return revoke(device, fleet, held, existingRevokedAt, now);
    }
    String reissueBecause = CredentialCheck.reissueReason(device, fleet.caCertificate(), fleet.authority().signer().signingKey(), held, now);
    Optional<CsrCheck> csr = Optional.empty();
    if (device.getSpec().getCsr() != null) {
      CsrCheck check =
          CsrValidator.check(device.getSpec().getCsr(), CertificateTemplating.commonName(fleet.fleet(), device), fleet.policy().getPrivateKey().getAlgorithm());
      if (!check.accepted()) {
        String message = "spec.csr: " + check.problem() + ": " + check.message();
        if (held.isEmpty() || reissueBecause != null) {
          events.warning(device, CSR_REJECTED, message);
          return notIssued(CSR_REJECTED, message, held, now.plus(Duration.ofMinutes(5)));
        }
      } else {
        csr = Optional.of(check);
      }
    }
    if (reissueBecause != null) {
      return issue(device, fleet, secret, held, csr, true, reissueBecause, now, false);
    }
    SecretFacts current = held.orElseThrow();
    CertificateFacts facts = facts(current);
    // Windows matter only once renewal is due: skip the schedule scan on every other reconcile.
    boolean renewalDue = !now.isBefore(RenewalPolicy.renewalTime(facts, fleet.policy().getCertificate(), device.getMetadata().getUid()));
    RenewalDecision decision =
        RenewalPolicy.decide(
            facts, fleet.policy(), device.getMetadata().getUid(), now,
            !renewalDue || MaintenanceWindows.isOpen(fleet.policy().getWindows(), now),
            t -> limits.tryTake(fleet.fleet(), fleet.policy(), t));
    List<SupersededCertificate> replaced = superseded.revokeWhenDue(device, fleet, current, now);
    Instant nextSupersededRevocation = SupersededCertificates.nextRevocation(fleet.policy(), current, now);
    switch (decision.action()) {
      case RENEW -> {
        if (decision.newKey() && device.getSpec().getCsr() != null
            && csr.map(c -> current.hasPublicKey(c.publicKey())).orElse(true)
            && !now.isAfter(RenewalPolicy.urgentAfter(facts, fleet.policy().getCertificate()))) {
          String message = "the key is due for rotation: put a new CSR from the device into spec.csr";
          return new Outcome(
              List.of(Decision.isTrue(READY, ISSUED_REASON, "certificate valid until " + current.notAfter()),
                  Decision.isTrue(ISSUED, ISSUED_REASON, "serial " + current.serial()),
                  Decision.isTrue(RENEWAL_DUE, NEW_CSR_REQUIRED, message), notRevoked()),
              held, decision.renewalTime(), null, replaced, earliest(now.plus(Duration.ofMinutes(10)), nextSupersededRevocation));
        }
        return issue(device, fleet, secret, held, csr, decision.newKey(), decision.why(), now, true);
      }
      default -> {
        DataKeyRotation.Plan plan = DataKeyRotation.plan(current.dataKeys(), fleet.policy().getDataKeys(), now);
        if (plan.changes() || !fleet.trustCurrent(current)) {
          held = rewrite(device, fleet, current, plan, now);
        }
        Instant recheck = earliest(earliest(decision.recheckAt(), nextSupersededRevocation), plan.nextRotation());
        boolean due = decision.action() != RenewalDecision.Action.KEEP;
        return new Outcome(
            List.of(
                Decision.isTrue(READY, ISSUED_REASON, "certificate valid until " + current.notAfter()),
                Decision.isTrue(ISSUED, ISSUED_REASON, "serial " + current.serial()),
                due ? Decision.isTrue(RENEWAL_DUE, decision.action() == RenewalDecision.Action.WAIT_FOR_WINDOW ? "WaitingForWindow" : "RateLimited", decision.why())
                    : Decision.isFalse(RENEWAL_DUE, "NotDue", decision.why()),
                notRevoked()),
            held, decision.renewalTime(), null, replaced, recheck);
      }
    }
  }

  /**
   * Rewrites the Secret in place with the same certificate and key: data keys rotated or destroyed
   * by the plan, and the fleet's current update-trust.pem. The Secret is read whole first (the
   * cache keeps no key material).
   */
  private Optional<SecretFacts> rewrite(DeviceIdentity device, FleetContext fleet, SecretFacts currentFacts, DataKeyRotation.Plan plan,
      Instant now) {
    Secret secret = fetch(device);
    Optional<DeviceSecret.Contents> read = DeviceSecret.read(secret);
    if (read.isEmpty() || !Pem.serialHex(read.get().leaf().getSerialNumber()).equals(currentFacts.serial())) {
      return Optional.of(currentFacts); // the Secret changed under us: the next reconcile sees the new one
    }
    DeviceSecret.Contents current = read.get();
    boolean wrap = current.key().isEmpty();
    List<DeviceSecret.DataKey> keys = DataKeyMaterial.after(device, current.dataKeys(), plan, current.leaf().getPublicKey(), wrap, now);
    Secret desired = DeviceSecret.build(device, current.chain(), current.key(), Pem.certificate(fleet.caCertificate()), current.revision(),
        current.keyCreatedAt(), current.keySource(), current.superseded(), keys, fleet.trust(), secret.getMetadata().getResourceVersion());
    try {
      Secret written = client.secrets().inNamespace(device.getMetadata().getNamespace()).resource(desired).update();
      if (plan.add()) {
        events.normal(device, "DataKeyRotated", "data key version " + plan.newVersion() + " created; versions destroyed: " + plan.destroy());
      }
      return Optional.of(remember(written, fleet));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return Optional.of(currentFacts); // the Secret changed under us: the next reconcile rotates
      }
      throw e;
    }
  }

  /** The facts of a Secret the operator just wrote, told to the store so its event is not inspected again. */
  private SecretFacts remember(Secret written, FleetContext fleet) {
    DeviceSecret.Contents contents = DeviceSecret.read(written).orElseThrow();
    X509Certificate signedBy = contents.chain().size() > 1 ? contents.chain().get(1) : fleet.caCertificate();
    SecretFacts f = SecretFacts.written(written, contents, Pem.sha256Fingerprint(fleet.caCertificate()), signedBy.getPublicKey());
    secrets.expect(written, f);
    return f;
  }

  /** The device's Secret read whole from the API server, or null. */
  private Secret fetch(DeviceIdentity device) {
    return client.secrets().inNamespace(device.getMetadata().getNamespace()).withName(DeviceSecret.name(device)).get();
  }

  private Outcome issue(DeviceIdentity device, FleetContext fleet, Secret cached, Optional<SecretFacts> heldFacts,
      Optional<CsrCheck> csr, boolean newKey, String why, Instant now, boolean renewing) {
    try {
      // A renewal needs what the cache does not keep (the key, the data keys): read the Secret whole.
      Secret secret = cached == null ? null : fetch(device);
      Optional<DeviceSecret.Contents> held = DeviceSecret.read(secret);
      long revision = held.map(h -> h.revision() + 1).orElse(1L);
      PublicKey publicKey;
      Optional<KeyPair> pair;
      Instant keyCreatedAt;
      String keySource;
      if (csr.isPresent()) {
        publicKey = csr.get().publicKey();
        pair = Optional.empty();
        keySource = KeySource.DeviceCSR.name();
        boolean sameKey = held.isPresent() && held.get().leaf().getPublicKey().equals(publicKey);
        keyCreatedAt = sameKey ? held.get().keyCreatedAt() : now;
      } else if (!newKey && held.isPresent() && held.get().key().isPresent()
          && KeyPairs.algorithmOf(held.get().leaf().getPublicKey()) == fleet.policy().getPrivateKey().getAlgorithm()) {
        publicKey = held.get().leaf().getPublicKey();
        pair = Optional.of(new KeyPair(publicKey, held.get().key().get()));
        keyCreatedAt = held.get().keyCreatedAt();
        keySource = KeySource.Generated.name();
      } else {
        // Kept until this revision is written: an issuer that answers later must certify the same key.
        PendingKey fresh = pendingKeys.computeIfAbsent(pendingKey(device, revision, fleet),
            k -> new PendingKey(KeyPairs.generate(fleet.policy().getPrivateKey().getAlgorithm()), now));
        publicKey = fresh.pair().getPublic();
        pair = Optional.of(fresh.pair());
        keyCreatedAt = fresh.createdAt();
        keySource = KeySource.Generated.name();
      }
      Optional<PrivateKey> privateKey = pair.map(KeyPair::getPrivate);
      Duration validity = Durations.parse(fleet.policy().getCertificate().getDuration());
      IdentitySigner.Result result = fleet.authority().signer().sign(device,
          CertificateTemplating.request(fleet.fleet(), device, publicKey, validity, fleet.crlUrl()),
          new IdentitySigner.Key(publicKey, pair, csr.isPresent() ? device.getSpec().getCsr() : null), revision, now);
      if (result instanceof IdentitySigner.Waiting waiting) {
        return waiting(device, waiting, heldFacts, renewing);
      }
      IdentitySigner.Signed signed = (IdentitySigner.Signed) result;
      X509Certificate leaf = signed.leaf();
      List<DeviceSecret.Superseded> superseded = new ArrayList<>();
      if (held.isPresent()) {
        X509Certificate old = held.get().leaf();
        if (old.getNotAfter().toInstant().isAfter(now)) {
          superseded.add(new DeviceSecret.Superseded(Pem.serialHex(old.getSerialNumber()), old.getNotAfter().toInstant(), now));
        }
        superseded.addAll(held.get().superseded());
      }
      List<DeviceSecret.DataKey> heldKeys = held.map(DeviceSecret.Contents::dataKeys).orElse(List.of());
      DataKeyRotation.Plan plan = DataKeyRotation.plan(
          heldKeys.stream().map(k -> new DataKeyRotation.Version(k.version(), k.createdAt())).toList(), fleet.policy().getDataKeys(), now);
      List<DeviceSecret.DataKey> dataKeys = DataKeyMaterial.after(device, heldKeys, plan, publicKey, privateKey.isEmpty(), now);
      Secret desired =
          DeviceSecret.build(device, chain(signed), privateKey, Pem.certificate(signed.ca()),
              revision, keyCreatedAt, keySource, superseded, dataKeys, fleet.trust(),
              secret == null ? null : secret.getMetadata().getResourceVersion());
      var secrets = client.secrets().inNamespace(device.getMetadata().getNamespace());
      Secret written;
      if (secret != null && !secret.getType().equals(desired.getType())) {
        // The device switched between a generated key and its own (CSR): a Secret's type is
        // immutable, so the old Secret goes; its certificate is remembered as superseded.
        secrets.resource(secret).delete();
        desired.getMetadata().setResourceVersion(null);
        written = secrets.resource(desired).create();
      } else {
        written = secret == null ? secrets.resource(desired).create() : secrets.resource(desired).update();
      }
      // The signer made or checked this certificate against the fleet's CA and this key: no need to check it again.
      SecretFacts now2 = remember(written, fleet);
      pendingKeys.remove(pendingKey(device, revision, fleet));
      fleet.authority().signer().signed(device, revision);
      String serial = Pem.serialHex(leaf.getSerialNumber());
      String fleetName = fleet.fleet().getMetadata().getName();
      if (held.isEmpty()) {
        tally.issued(io.keyfleet.operator.status.Indexes.key(device.getMetadata().getNamespace(), fleetName));
        metrics.issued(device.getMetadata().getNamespace(), fleetName);
      } else {
        boolean sameKey = publicKey.equals(held.get().leaf().getPublicKey());
        if (sameKey) {
          metrics.renewed(device.getMetadata().getNamespace(), fleetName);
        } else {
          metrics.rotated(device.getMetadata().getNamespace(), fleetName);
        }
        String eventReason = sameKey ? "Renewed" : "Rotated";
        events.normal(device, eventReason, eventReason.toLowerCase() + " certificate serial " + serial + " valid until "
            + leaf.getNotAfter().toInstant() + " (" + why + ")");
      }
      CertificateFacts facts = facts(now2);
      Instant renewal = RenewalPolicy.renewalTime(facts, fleet.policy().getCertificate(), device.getMetadata().getUid());
      return new Outcome(
          List.of(Decision.isTrue(READY, ISSUED_REASON, "certificate valid until " + leaf.getNotAfter().toInstant()),
              Decision.isTrue(ISSUED, ISSUED_REASON, "serial " + serial),
              Decision.isFalse(RENEWAL_DUE, "NotDue", "not due until " + renewal), notRevoked()),
          Optional.of(now2), renewal, null, SupersededCertificates.status(fleet.policy(), now2),
          earliest(earliest(renewal, SupersededCertificates.nextRevocation(fleet.policy(), now2, now)), plan.nextRotation()));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409 || e.getCode() == 404) {
        // The Secret changed under us (or its owner is gone): the next reconcile sees the new state.
        return notIssued("Conflict", "the device Secret changed while issuing; retrying", heldFacts, now.plusSeconds(1));
      }
      throw e;
    } catch (RuntimeException e) {
      String message = "issuance failed: " + e.getMessage();
      events.warning(device, ISSUANCE_FAILED, message);
      return notIssued(ISSUANCE_FAILED, message, heldFacts, now.plus(Duration.ofMinutes(1)));
    }
  }

  private Outcome revoke(DeviceIdentity device, FleetContext fleet, Optional<SecretFacts> held, String existingRevokedAt, Instant now) {
    RevocationReason reason = device.getSpec().getRevocationReason() == null ? RevocationReason.unspecified : device.getSpec().getRevocationReason();
    Instant revokedAt = existingRevokedAt == null ? now : Instant.parse(existingRevokedAt);
    List<Revocation> revocations = new ArrayList<>();
    held.ifPresent(c -> {
      revocations.add(new Revocation(c.serial(), revokedAt, reason, c.notAfter()));
      c.superseded().forEach(s -> revocations.add(new Revocation(s.serial(), revokedAt, reason, s.notAfter())));
    });
    var ns = device.getMetadata().getNamespace();
    crl.publish(ns, fleet.fleet().getMetadata().getName(), fleet.authority().crlSigner(), fleet.crlUrl(), crlValidity(fleet.fleet()), revocations);
    if (existingRevokedAt == null) {
      events.normal(device, "Revoked", "revoked (" + reason + "): " + revocations.size() + " certificate(s) on the fleet CRL");
    }
    String message = "the device is revoked (" + reason + ") and is never issued again";
    return new Outcome(
        List.of(Decision.isFalse(READY, "Revoked", message), Decision.isFalse(ISSUED, "Revoked", message),
            Decision.isTrue(REVOKED, "Revoked", "revoked with reason " + reason + "; " + revocations.size() + " certificate(s) on the CRL")),
        held, null, Conditions.format(revokedAt), held.map(c -> SupersededCertificates.status(null, c)).orElse(List.of()), null);
  }

  /** Certificate facts for the status, from what the Secret holds. */
  public static CertificateStatus certificateStatus(DeviceIdentity device, SecretFacts c, Instant renewalTime) {
    CertificateStatus s = new CertificateStatus();
    s.setSecretName(DeviceSecret.name(device));
    s.setSerialNumber(c.serial());
    s.setNotBefore(Conditions.format(c.notBefore()));
    s.setNotAfter(Conditions.format(c.notAfter()));
    s.setRenewalTime(renewalTime == null ? null : Conditions.format(renewalTime));
    s.setRevision(c.revision());
    s.setFingerprintSHA256(c.fingerprintSha256());
    s.setKeyAlgorithm(c.keyAlgorithm());
    s.setKeySource(KeySource.valueOf(c.keySource()));
    s.setKeyCreatedAt(Conditions.format(c.keyCreatedAt()));
    return s;
  }

  /**
   * The signer has no certificate yet. A device that holds a valid certificate (a renewal) stays
   * Ready and shows the wait on RenewalDue; one without is not Ready, with the issuer's reason.
   */
  private Outcome waiting(DeviceIdentity device, IdentitySigner.Waiting w, Optional<SecretFacts> held, boolean renewal) {
    if (w.failed()) {
      events.warning(device, w.reason(), w.message());
    }
    if (renewal && held.isPresent()) {
      SecretFacts current = held.get();
      return new Outcome(
          List.of(Decision.isTrue(READY, ISSUED_REASON, "certificate valid until " + current.notAfter()),
              Decision.isTrue(ISSUED, ISSUED_REASON, "serial " + current.serial()),
              Decision.isTrue(RENEWAL_DUE, w.reason(), w.message()), notRevoked()),
          held, null, null, SupersededCertificates.status(null, current), w.recheckAt());
    }
    return notIssued(w.reason(), w.message(), held, w.recheckAt());
  }

  /** The Secret's tls.crt: the device certificate, its intermediates, then the CA. */
  private static List<X509Certificate> chain(IdentitySigner.Signed signed) {
    List<X509Certificate> chain = new ArrayList<>(signed.chain());
    if (!chain.get(chain.size() - 1).equals(signed.ca())) {
      chain.add(signed.ca());
    }
    return chain;
  }

  /** A key generated for a revision not yet written, and when. */
  private record PendingKey(KeyPair pair, Instant createdAt) {}

  private static String pendingKey(DeviceIdentity device, long revision, FleetContext fleet) {
    return device.getMetadata().getUid() + "/" + revision + "/" + fleet.policy().getPrivateKey().getAlgorithm();
  }

  /** Forgets the keys generated for a device that is going away. */
  public void forget(DeviceIdentity device) {
    String prefix = device.getMetadata().getUid() + "/";
    pendingKeys.keySet().removeIf(k -> k.startsWith(prefix));
  }

  private Outcome notIssued(String reason, String message, Optional<SecretFacts> held, Instant recheck) {
    return new Outcome(
        List.of(Decision.isFalse(READY, reason, message), Decision.isFalse(ISSUED, reason, message), notRevoked()),
        held, null, null, held.map(c -> SupersededCertificates.status(null, c)).orElse(List.of()), recheck);
  }

  private static CertificateFacts facts(SecretFacts c) {
    return new CertificateFacts(c.notBefore(), c.notAfter(), c.keyCreatedAt());
  }

  private static Decision notRevoked() {
    return Decision.isFalse(REVOKED, IdentityReadiness.NOT_REVOKED, "the device is not revoked");
  }

  static String crlValidity(DeviceFleet fleet) {
    return fleet.getSpec().getCrl() == null ? "24h" : fleet.getSpec().getCrl().getValidity();
  }

  private static Instant earliest(Instant a, Instant b) {
    if (a == null) return b;
    if (b == null) return a;
    return a.isBefore(b) ? a : b;
  }


}
