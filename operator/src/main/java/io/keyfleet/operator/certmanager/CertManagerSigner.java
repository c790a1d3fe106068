package io.keyfleet.operator.certmanager;

import io.fabric8.certmanager.api.model.v1.CertificateRequest;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.KeyfleetApi;
import io.keyfleet.api.v1alpha1.fleet.IssuerRef;
import io.keyfleet.operator.identity.IdentitySigner;
import io.keyfleet.operator.pki.CertificatePaths;
import io.keyfleet.operator.pki.CertificationRequests;
import io.keyfleet.operator.pki.IssueRequest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signs device certificates through a cert-manager issuer: one CertificateRequest per device and
 * revision, in the device's namespace, owned by the DeviceIdentity. Its updates reach the device's
 * reconcile through an informer (see DeviceIdentityReconciler); this class only looks at the
 * request and decides. It reads the request from that informer's cache ({@link DeviceRequestCache}),
 * never with a GET: a request it just created and the cache does not show yet is found by the
 * create's conflict, and looked at again once the informer has it.
 */
public final class CertManagerSigner implements IdentitySigner {
  public static final String AWAITING_ISSUER = "AwaitingIssuer";
  public static final String AWAITING_APPROVAL = "AwaitingApproval";
  public static final String DENIED = "CertificateRequestDenied";
  public static final String FAILED = "CertificateRequestFailed";
  public static final String REJECTED = "IssuedCertificateRejected";
  public static final String CSR_REJECTED = "CSRRejected";

  private final CertificateRequests requests;
  private final DeviceRequestCache cache;
  private final IssuerRef issuer;
  private final X509Certificate fleetCa;

  public CertManagerSigner(CertificateRequests requests, DeviceRequestCache cache, IssuerRef issuer, X509Certificate fleetCa) {
    this.requests = requests;
    this.cache = cache;
    this.issuer = issuer;
    this.fleetCa = fleetCa;
  }

  @Override
  public Result sign(DeviceIdentity device, IssueRequest request, Key key, long revision, Instant now) {
    String namespace = device.getMetadata().getNamespace();
    String name = RequestNames.device(device, revision);
    String where = "CertificateRequest " + namespace + "/" + name;
    Optional<CertificateRequest> existing = cache.get(namespace, name);
    if (existing.isPresent() && !CertificateRequests.publicKey(existing.get()).equals(key.publicKey())) {
      // Made for a key we no longer hold (a generated key lost in a restart, or a new CSR): ask again.
      requests.delete(namespace, name);
      return new Waiting(AWAITING_ISSUER, where + " was made for another key; replacing it", false, now.plusSeconds(1));
    }
    if (existing.isEmpty()) {
      String csr;
      if (key.deviceCsr() != null) {
        Optional<String> mismatch = csrMismatch(key.deviceCsr(), request);
        if (mismatch.isPresent()) {
          return new Waiting(CSR_REJECTED, "spec.csr: " + mismatch.get(), true, now.plus(Duration.ofMinutes(5)));
        }
        csr = key.deviceCsr();
      } else {
        csr = CertificationRequests.pem(request, key.pair().orElseThrow());
      }
      boolean created = requests.create(namespace, name, csr, issuer, request.validity(),
          CertificateRequests.usages(request.keyUsages(), request.extendedKeyUsages()), false,
          Map.of(KeyfleetApi.LABEL_DEVICE, device.getMetadata().getName(), CertificateRequests.COMPONENT, CertificateRequests.DEVICE_CERTIFICATE),
          new OwnerReferenceBuilder().withApiVersion(KeyfleetApi.API_VERSION).withKind("DeviceIdentity")
              .withName(device.getMetadata().getName()).withUid(device.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true)
              .build());
      if (!created) {
        // Made by an earlier reconcile and not in the cache yet: its informer event brings the device back.
        return new Waiting(AWAITING_APPROVAL, where + " exists; waiting for its state", false, now.plusSeconds(1));
      }
      return new Waiting(AWAITING_APPROVAL, where + " created for " + issuer.getKind() + " '" + issuer.getName() + "'", false,
          now.plus(RequestState.MIN_RECHECK));
    }
    CertificateRequest found = existing.get();
    RequestState state = RequestState.of(found, now);
    switch (state.phase()) {
      case Issued -> {
        List<X509Certificate> chain = CertificateRequests.certificates(found);
        X509Certificate ca = CertificateRequests.ca(found).orElse(null);
        Optional<String> problem = IssuedCertificateCheck.problem(chain, ca, fleetCa, key.publicKey(), request);
        if (problem.isPresent()) {
          // Kept for inspection; asked again after the failure back-off.
          Instant retry = Instant.parse(found.getMetadata().getCreationTimestamp()).plus(RequestState.FAILED_BACKOFF);
          if (!now.isBefore(retry)) {
            requests.delete(namespace, name);
          }
          return new Waiting(REJECTED, where + ": " + problem.get(), true, now.isBefore(retry) ? retry : now.plusSeconds(1));
        }
        return new Signed(CertificatePaths.withoutAnchor(chain, ca), ca);
      }
      case Denied, Failed -> {
        String reason = state.phase() == RequestState.Phase.Denied ? DENIED : FAILED;
        String message = where + " " + (state.phase() == RequestState.Phase.Denied ? "was denied" : "failed") + ": " + state.said();
        if (state.retryNow()) {
          requests.delete(namespace, name);
          return new Waiting(reason, message + "; asking again", true, now.plusSeconds(1));
        }
        return new Waiting(reason, message + "; asking again after " + state.retryAt(), true, state.retryAt());
      }
      case AwaitingApproval -> {
        return new Waiting(AWAITING_APPROVAL, where + ": " + state.said(), false, state.retryAt());
      }
      default -> {
        return new Waiting(AWAITING_ISSUER, where + ": " + state.said(), false, state.retryAt());
      }
    }
  }

  @Override
  public void signed(DeviceIdentity device, long revision) {
    requests.delete(device.getMetadata().getNamespace(), RequestNames.device(device, revision));
  }

  /**
   * What a device's CSR lacks: cert-manager copies the subject and SANs from the CSR, so the device
   * must ask for exactly what the fleet's template gives (the operator cannot change a CSR it did
   * not sign).
   */
  static Optional<String> csrMismatch(String csrPem, IssueRequest request) {
    CertificationRequests.Requested asked = CertificationRequests.requested(csrPem);
    if (!asked.subject().equals(request.subject())) {
      return Optional.of("with a cert-manager issuer the CSR's subject must be '" + request.subject() + "', it is '" + asked.subject() + "'");
    }
    if (!new HashSet<>(asked.uris()).equals(new HashSet<>(request.uris()))
        || !new HashSet<>(asked.dnsNames()).equals(new HashSet<>(request.dnsNames()))) {
      return Optional.of("with a cert-manager issuer the CSR must request exactly the subject alternative names URI " + request.uris()
          + " DNS " + request.dnsNames() + "; it requests URI " + asked.uris() + " DNS " + asked.dnsNames());
    }
    return Optional.empty();
  }
}
