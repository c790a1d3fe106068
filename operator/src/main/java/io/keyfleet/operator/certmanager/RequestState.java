package io.keyfleet.operator.certmanager;

import io.fabric8.certmanager.api.model.v1.CertificateRequest;
import io.fabric8.certmanager.api.model.v1.CertificateRequestCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a cert-manager CertificateRequest stands, read from its conditions, and what to do about
 * it. A pure function of the conditions and the time, so it is tested with tables.
 *
 * @param phase the request's phase
 * @param reason the condition's reason as cert-manager wrote it (may be null)
 * @param message the condition's message as cert-manager wrote it (may be null)
 * @param retryAt when a refused request is deleted and asked again, or when a waiting one is
 *     looked at again even without an event
 * @param retryNow whether the refused request should be replaced now
 */
public record RequestState(Phase phase, String reason, String message, Instant retryAt, boolean retryNow) {
  /** The phases of a request, as Keyfleet treats them. */
  public enum Phase {
    /** Created, not yet approved or denied. */
    AwaitingApproval,
    /** Approved; the issuer has not signed it yet (e.g. it is not Ready). */
    Pending,
    /** Signed: status.certificate holds the certificate. */
    Issued,
    /** An approver denied it. */
    Denied,
    /** The issuer refused it. */
    Failed
  }

  /** How long a failed request stays before it is asked again. */
  static final Duration FAILED_BACKOFF = Duration.ofMinutes(5);
  /** How long a denied request stays before it is asked again: a denial is a policy decision. */
  static final Duration DENIED_BACKOFF = Duration.ofHours(1);
  static final Duration MIN_RECHECK = Duration.ofSeconds(5);
  static final Duration MAX_RECHECK = Duration.ofMinutes(5);

  public static RequestState of(CertificateRequest request, Instant now) {
    var status = request.getStatus();
    List<CertificateRequestCondition> conditions = status == null || status.getConditions() == null ? List.of() : status.getConditions();
    Instant created = request.getMetadata().getCreationTimestamp() == null ? now : Instant.parse(request.getMetadata().getCreationTimestamp());
    boolean hasCertificate = status != null && status.getCertificate() != null && !status.getCertificate().isEmpty();
    return of(conditions, hasCertificate, created, now);
  }

  static RequestState of(List<CertificateRequestCondition> conditions, boolean hasCertificate, Instant created, Instant now) {
    Optional<CertificateRequestCondition> denied = find(conditions, "Denied").filter(c -> "True".equals(c.getStatus()));
    if (denied.isPresent()) {
      return refused(Phase.Denied, denied.get(), DENIED_BACKOFF, created, now);
    }
    Optional<CertificateRequestCondition> ready = find(conditions, "Ready");
    if (ready.isPresent() && "True".equals(ready.get().getStatus()) && hasCertificate) {
      return new RequestState(Phase.Issued, ready.get().getReason(), ready.get().getMessage(), null, false);
    }
    if (ready.isPresent() && "False".equals(ready.get().getStatus()) && "Failed".equals(ready.get().getReason())) {
      return refused(Phase.Failed, ready.get(), FAILED_BACKOFF, created, now);
    }
    if (ready.isPresent() && "False".equals(ready.get().getStatus()) && "Denied".equals(ready.get().getReason())) {
      return refused(Phase.Denied, ready.get(), DENIED_BACKOFF, created, now);
    }
    // Waiting: look again after as long as the request has waited so far, within bounds;
    // cert-manager's own update of the request usually comes first.
    Instant recheckAt = Backoff.next(created, now, MIN_RECHECK, MAX_RECHECK);
    boolean approved = find(conditions, "Approved").filter(c -> "True".equals(c.getStatus())).isPresent();
    if (!approved && ready.isEmpty()) {
      return new RequestState(Phase.AwaitingApproval, null, "waiting for an approver", recheckAt, false);
    }
    return new RequestState(Phase.Pending, ready.map(CertificateRequestCondition::getReason).orElse(null),
        ready.map(CertificateRequestCondition::getMessage).orElse("approved, waiting for the issuer"), recheckAt, false);
  }

  private static RequestState refused(Phase phase, CertificateRequestCondition condition, Duration backoff, Instant created, Instant now) {
    Instant since = condition.getLastTransitionTime() == null ? created : Instant.parse(condition.getLastTransitionTime());
    Instant retry = since.plus(backoff);
    return new RequestState(phase, condition.getReason(), condition.getMessage(), retry, !now.isBefore(retry));
  }

  private static Optional<CertificateRequestCondition> find(List<CertificateRequestCondition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** "reason: message" as cert-manager gave them. */
  public String said() {
    if (reason == null) {
      return message == null ? "" : message;
    }
    return message == null ? reason : reason + ": " + message;
  }
}
