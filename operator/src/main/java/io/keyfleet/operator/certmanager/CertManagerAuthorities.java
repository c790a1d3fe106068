package io.keyfleet.operator.certmanager;

import io.fabric8.certmanager.api.model.v1.CertificateRequest;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.KeyfleetApi;
import io.keyfleet.api.v1alpha1.fleet.IssuerRef;
import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import io.keyfleet.operator.fleet.CaUnavailableException;
import io.keyfleet.operator.fleet.FleetCaStore;
import io.keyfleet.operator.identity.BuiltinSigner;
import io.keyfleet.operator.identity.FleetAuthority;
import io.keyfleet.operator.pki.CaMaterial;
import io.keyfleet.operator.pki.CertificatePaths;
import io.keyfleet.operator.pki.CertificationRequests;
import io.keyfleet.operator.pki.CrlSigner;
import io.keyfleet.operator.pki.KeyChecks;
import io.keyfleet.operator.pki.KeyPairs;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.pki.SecretText;
import io.keyfleet.operator.status.Indexes;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authority of fleets with a cert-manager issuer. Keyfleet never holds the issuer CA's key;
 * it holds a key of its own that the issuer certified (see {@link Delegation}):
 *
 * <ul>
 *   <li>signing PerDevice: a CRL signer (usages "crl sign", "digital signature"). The issuer signs
 *       every device certificate ({@link CertManagerSigner}); Keyfleet signs an indirect CRL.
 *   <li>signing Intermediate: an intermediate CA (isCA, usages "cert sign", "crl sign", "digital
 *       signature"). Keyfleet signs device certificates and a direct CRL with it; renewals
 *       certify the same key, so issued devices stay valid and revocable.
 * </ul>
 *
 * <p>That key lives in a Secret in the operator's namespace, like a built-in fleet CA, together
 * with the issuer's CA certificate (status.ca of the request), which is the CA the fleet's devices
 * trust. A key waiting for its certificate is kept there too (next.key), so a restart finds the
 * request it made.
 */
public final class CertManagerAuthorities {
  public static final String AWAITING_CRL_SIGNER = Delegation.Kind.CRL_SIGNER.awaitingReason;
  static final String TLS_CRT = "tls.crt";
  static final String TLS_KEY = "tls.key";
  static final String CA_CRT = "ca.crt";
  static final String NEXT_KEY = "next.key";
  static final String NEXT_PUB = "next.pub";

  private static final Logger LOG = LoggerFactory.getLogger(CertManagerAuthorities.class);

  private final KubernetesClient client;
  private final String operatorNamespace;
  private final Clock clock;
  private final CertificateRequests requests;
  private final IssuerCheck issuers;
  private final DeviceRequestCache deviceRequests;
  private final Map<String, Loaded> byFleet = new ConcurrentHashMap<>();
  private final Map<String, X509Certificate> intermediates = new ConcurrentHashMap<>();
  private final Map<String, String> renewals = new ConcurrentHashMap<>();

  private record Loaded(String resourceVersion, FleetAuthority authority) {}

  public CertManagerAuthorities(KubernetesClient client, String operatorNamespace, Clock clock, DeviceRequestCache deviceRequests) {
    this.client = client;
    this.deviceRequests = deviceRequests;
    this.operatorNamespace = operatorNamespace;
    this.clock = clock;
    this.requests = new CertificateRequests(client);
    this.issuers = new IssuerCheck(client);
  }

  /** The fleet's authority when it has been resolved, without API calls. */
  public Optional<FleetAuthority> cached(String fleetKey) {
    return Optional.ofNullable(byFleet.get(fleetKey)).map(Loaded::authority);
  }

  /** The issuer's CRL distribution points, once it is Ready (see {@link IssuerCheck}). */
  public List<String> issuerCrlDistributionPoints(DeviceFleet fleet) throws CaUnavailableException {
    return issuers.requireReady(fleet, clock.instant());
  }

  /**
   * The fleet's authority: the issuer's CA and the certificate Keyfleet holds from it (a CRL signer
   * or an intermediate CA, by spec.issuer.certManager.signing). Asks the issuer for a (new)
   * certificate when needed; while the first is outstanding the fleet cannot issue.
   *
   * @throws CaUnavailableException IssuerNotFound, IssuerNotReady, AwaitingCrlSigner,
   *     AwaitingIntermediateCa, or the issuer's refusal (CertificateRequestDenied,
   *     CertificateRequestFailed)
   */
  public FleetAuthority ensure(DeviceFleet fleet) throws CaUnavailableException {
    issuers.requireReady(fleet, clock.instant());
    Delegation delegation = Delegation.of(fleet);
    String name = FleetCaStore.operatorSecretName(delegation.kind().secretPrefix, fleet);
    Instant now = clock.instant();
    for (int round = 0; round < 3; round++) {
      Secret secret = client.secrets().inNamespace(operatorNamespace).withName(name).get();
      Held held = Held.of(secret);
      String why = DelegatedRenewal.reason(delegation, held.chain, held.ca, now);
      if (why == null) {
        renewals.remove(Indexes.key(fleet));
        return remember(fleet, delegation, secret, held);
      }
      boolean usable = DelegatedRenewal.usable(held.chain, held.ca, now);
      Optional<Wait> waiting = advance(fleet, delegation, name, secret, held, why, now);
      if (waiting.isEmpty()) {
        continue; // the new certificate is stored: look again
      }
      if (usable) {
        // Renewing; the current certificate still signs. A renewal that drags on (a denial, a failure)
        // shows on the fleet: it ends, at the latest, with the current certificate.
        renewals.put(Indexes.key(fleet), waiting.get().reason() + ": " + waiting.get().message() + " (the current " + delegation.kind().what
            + " expires " + held.certificate.getNotAfter().toInstant() + ")");
        return remember(fleet, delegation, secret, held);
      }
      throw new CaUnavailableException(waiting.get().reason(), waiting.get().message());
    }
    throw new CaUnavailableException(delegation.kind().awaitingReason, "the " + delegation.kind().what + " is being replaced");
  }

  /** The intermediate CA certificate a fleet with signing Intermediate signs with, once known (for its status). */
  public Optional<X509Certificate> intermediate(String fleetKey) {
    return Optional.ofNullable(intermediates.get(fleetKey));
  }

  /** Why the fleet's certificate from the issuer is being renewed and what the renewal waits for, while the current one serves. */
  public Optional<String> renewal(String fleetKey) {
    return Optional.ofNullable(renewals.get(fleetKey));
  }

  /** What the fleet waits for, for its Ready condition. */
  private record Wait(String reason, String message) {
    static Optional<Wait> of(Delegation delegation, String message) {
      return Optional.of(new Wait(delegation.kind().awaitingReason, message));
    }
  }

  /** One step towards a new certificate. Empty when the new certificate was stored. */
  private Optional<Wait> advance(DeviceFleet fleet, Delegation delegation, String name, Secret secret, Held held, String why, Instant now) {
    String what = delegation.kind().what;
    KeyPair next = held.next;
    String replacing = "";
    if (next == null && delegation.keepsKey() && held.certificate != null && held.key != null
        && KeyChecks.belongTogether(held.key, held.certificate.getPublicKey())) {
      // A renewal for the key the devices' certificates and the CRL are signed with.
      next = new KeyPair(held.certificate.getPublicKey(), held.key);
      replacing = Pem.serialHex(held.certificate.getSerialNumber());
    }
    if (next == null) {
      next = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
      secret = storeNextKey(fleet, delegation, name, secret, next);
      if (secret == null) {
        return Wait.of(delegation, "another reconcile is asking for the " + what);
      }
    }
    X500Name subject = delegation.subject();
    String namespace = fleet.getMetadata().getNamespace();
    String request = RequestNames.delegated(fleet, delegation.kind(), next.getPublic(), subject.toString(), replacing);
    String where = "CertificateRequest " + namespace + "/" + request;
    IssuerRef issuer = fleet.getSpec().getIssuer().getCertManager().getIssuerRef();
    Optional<CertificateRequest> found = requests.get(namespace, request);
    if (found.isEmpty()) {
      requests.create(namespace, request, CertificationRequests.pem(subject, List.of(), List.of(), next), issuer, delegation.lifetime(),
          delegation.usages(), delegation.isCa(),
          Map.of(KeyfleetApi.LABEL_FLEET, fleet.getMetadata().getName(), CertificateRequests.COMPONENT, delegation.kind().component), null);
      LOG.info("{} requested fleet={} request={}/{} because={}", what, Indexes.key(fleet), namespace, request, why);
      return Wait.of(delegation, where + " for the fleet's " + what + " created (" + why + ")");
    }
    RequestState state = RequestState.of(found.get(), now);
    switch (state.phase()) {
      case Issued -> {
        X509Certificate ca = CertificateRequests.ca(found.get()).orElse(null);
        List<X509Certificate> chain = CertificatePaths.withoutAnchor(CertificateRequests.certificates(found.get()), ca);
        X509Certificate certificate = chain.get(0);
        if (!certificate.getPublicKey().equals(next.getPublic()) || ca == null) {
          requests.delete(namespace, request);
          return Wait.of(delegation, where + ": the answer is not for the requested key; asking again");
        }
        String problem = DelegatedRenewal.problem(delegation, chain, ca);
        if (problem != null) {
          // An answer that cannot serve (not a CA, no cRLSign, not chaining to status.ca) is kept for
          // inspection, not stored, so it is not asked for again at every reconcile; a person must fix
          // the issuer. Asked again after the failure back-off.
          Instant retry = Instant.parse(found.get().getMetadata().getCreationTimestamp()).plus(RequestState.FAILED_BACKOFF);
          if (!now.isBefore(retry)) {
            requests.delete(namespace, request);
          }
          return Optional.of(new Wait(CertManagerSigner.REJECTED, where + " (the fleet's " + what + "): the issuer's answer cannot serve: "
              + problem + (now.isBefore(retry) ? "; asking again after " + retry : "; asking again")));
        }
        // The whole chain as the issuer returned it: an issuer whose CA is itself an intermediate
        // adds its own intermediates, which relying parties need to reach status.ca.
        store(name, secret, chain, next.getPrivate(), ca);
        requests.delete(namespace, request);
        LOG.info("{} stored fleet={} serial={} subject={} notAfter={}", what, Indexes.key(fleet),
            Pem.serialHex(certificate.getSerialNumber()), certificate.getSubjectX500Principal().getName(), certificate.getNotAfter().toInstant());
        return Optional.empty();
      }
      case Denied, Failed -> {
        if (state.retryNow()) {
          requests.delete(namespace, request);
        }
        String reason = state.phase() == RequestState.Phase.Denied ? CertManagerSigner.DENIED : CertManagerSigner.FAILED;
        return Optional.of(new Wait(reason, where + " (the fleet's " + what + "): " + state.said()));
      }
      default -> {
        return Wait.of(delegation, where + " (the fleet's " + what + "): " + state.said());
      }
    }
  }

  private FleetAuthority remember(DeviceFleet fleet, Delegation delegation, Secret secret, Held held) {
    String key = Indexes.key(fleet);
    Loaded cached = byFleet.get(key);
    String version = secret.getMetadata().getResourceVersion();
    if (cached != null && cached.resourceVersion().equals(version)) {
      return cached.authority();
    }
    CaMaterial own = new CaMaterial(held.certificate, held.key);
    List<X509Certificate> issuerChain = held.issuerChain();
    FleetAuthority authority;
    if (delegation.isCa()) {
      authority = new FleetAuthority(held.ca, CrlSigner.direct(own, issuerChain), new BuiltinSigner(own, issuerChain, held.ca, clock));
      intermediates.put(key, held.certificate);
    } else {
      // The devices' certificates come from the same CA that certified the CRL signer: the issuer's
      // CA itself, or its intermediate just above the signer. The indirect CRL names that one.
      X509Certificate devicesIssuer = issuerChain.isEmpty() ? held.ca : issuerChain.get(0);
      IssuerRef issuer = fleet.getSpec().getIssuer().getCertManager().getIssuerRef();
      authority = new FleetAuthority(held.ca, CrlSigner.indirect(own, devicesIssuer, issuerChain),
          new CertManagerSigner(requests, deviceRequests, issuer, held.ca));
      intermediates.remove(key);
    }
    byFleet.put(key, new Loaded(version, authority));
    return authority;
  }

  /** Keeps a key waiting for its certificate; null when someone else changed the Secret first. */
  private Secret storeNextKey(DeviceFleet fleet, Delegation delegation, String name, Secret secret, KeyPair next) {
    try {
      if (secret == null) {
        Secret created = new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(operatorNamespace)
            .addToLabels(KeyfleetApi.LABEL_FLEET, fleet.getMetadata().getName())
            .addToLabels("keyfleet.io/fleet-namespace", fleet.getMetadata().getNamespace())
            .addToLabels(KeyfleetApi.LABEL_MANAGED_BY, KeyfleetApi.MANAGED_BY)
            .addToLabels(FleetCaStore.COMPONENT, delegation.kind().component)
            .endMetadata()
            .withType("Opaque")
            .addToData(NEXT_KEY, SecretText.encode(Pem.privateKey(next.getPrivate())))
            .addToData(NEXT_PUB, SecretText.encode(Pem.publicKey(next.getPublic())))
            .build();
        return client.secrets().inNamespace(operatorNamespace).resource(created).create();
      }
      Map<String, String> data = new HashMap<>(secret.getData() == null ? Map.of() : secret.getData());
      data.put(NEXT_KEY, SecretText.encode(Pem.privateKey(next.getPrivate())));
      data.put(NEXT_PUB, SecretText.encode(Pem.publicKey(next.getPublic())));
      secret.setData(data);
      return client.secrets().inNamespace(operatorNamespace).resource(secret).update();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return null;
      }
      throw e;
    }
  }

  private void store(String name, Secret secret, List<X509Certificate> chain, PrivateKey key, X509Certificate ca) {
    Map<String, String> data = new HashMap<>();
    data.put(TLS_CRT, SecretText.encode(Pem.certificates(chain)));
    data.put(TLS_KEY, SecretText.encode(Pem.privateKey(key)));
    data.put(CA_CRT, SecretText.encode(Pem.certificate(ca)));
    secret.setData(data);
    client.secrets().inNamespace(operatorNamespace).resource(secret).update();
  }

  /**
   * What the Secret holds.
   *
   * @param chain Keyfleet's certificate, then the issuer's intermediates above it (empty for none)
   * @param certificate Keyfleet's certificate (the chain's first), or null
   */
  private record Held(List<X509Certificate> chain, X509Certificate certificate, PrivateKey key, X509Certificate ca, KeyPair next) {
    /** The issuer's intermediates between Keyfleet's certificate and status.ca. */
    List<X509Certificate> issuerChain() {
      return chain.size() <= 1 ? List.of() : chain.subList(1, chain.size());
    }

    static Held of(Secret secret) {
      if (secret == null || secret.getData() == null) {
        return new Held(List.of(), null, null, null, null);
      }
      Map<String, String> d = secret.getData();
      List<X509Certificate> chain = List.of();
      X509Certificate certificate = null;
      PrivateKey key = null;
      X509Certificate ca = null;
      KeyPair next = null;
      try {
        if (d.get(TLS_CRT) != null && d.get(TLS_KEY) != null && d.get(CA_CRT) != null) {
          chain = List.copyOf(Pem.parseCertificates(SecretText.decode(d.get(TLS_CRT))));
          certificate = chain.get(0);
          key = Pem.parsePrivateKey(SecretText.decode(d.get(TLS_KEY)));
          ca = Pem.parseCertificates(SecretText.decode(d.get(CA_CRT))).get(0);
        }
      } catch (RuntimeException e) {
        chain = List.of();
        certificate = null;
        key = null;
        ca = null;
      }
      try {
        if (d.get(NEXT_KEY) != null && d.get(NEXT_PUB) != null) {
          next = new KeyPair(Pem.parsePublicKey(SecretText.decode(d.get(NEXT_PUB))), Pem.parsePrivateKey(SecretText.decode(d.get(NEXT_KEY))));
        }
      } catch (RuntimeException e) {
        next = null;
      }
      return new Held(chain, certificate, key, ca, next);
    }

    @Override
    public String toString() {
      return "Held[certificate=" + (certificate == null ? null : certificate.getSubjectX500Principal()) + ", key=<redacted>]";
    }
  }
}
