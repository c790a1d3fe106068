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
import io.keyfleet.operator.identity.FleetAuthority;
import io.keyfleet.operator.pki.CaMaterial;
import io.keyfleet.operator.pki.CertificationRequests;
import io.keyfleet.operator.pki.CrlSigner;
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
 * The authority of fleets whose devices a cert-manager issuer signs. Keyfleet holds no CA key
 * here; to keep revocation enforceable it holds a CRL-signing key of its own, certified by the
 * same issuer (a CertificateRequest with usages "crl sign" and "digital signature"). That key
 * lives in a Secret in the operator's namespace, like a built-in fleet CA, together with the
 * issuer's CA certificate (status.ca of the signer's request), which is the CA the fleet's devices
 * trust. A key waiting for its certificate is kept there too (next.key), so a restart finds the
 * request it made.
 */
public final class CertManagerAuthorities {
  public static final String AWAITING_CRL_SIGNER = "AwaitingCrlSigner";
  static final String TLS_CRT = "tls.crt";
  static final String TLS_KEY = "tls.key";
  static final String CA_CRT = "ca.crt";
  static final String NEXT_KEY = "next.key";
  static final String NEXT_PUB = "next.pub";
  static final List<String> SIGNER_USAGES = List.of("crl sign", "digital signature");

  private static final Logger LOG = LoggerFactory.getLogger(CertManagerAuthorities.class);

  private final KubernetesClient client;
  private final String operatorNamespace;
  private final Clock clock;
  private final CertificateRequests requests;
  private final IssuerCheck issuers;
  private final DeviceRequestCache deviceRequests;
  private final Map<String, Loaded> byFleet = new ConcurrentHashMap<>();

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
    return issuers.requireReady(fleet);
  }

  /**
   * The fleet's authority: the issuer's CA and a CRL signer certified by it. Asks the issuer for a
   * (new) CRL-signing certificate when needed; while the first is outstanding the fleet cannot
   * issue.
   *
   * @throws CaUnavailableException IssuerNotFound, IssuerNotReady, AwaitingCrlSigner, or the
   *     issuer's refusal (CertificateRequestDenied, CertificateRequestFailed)
   */
  public FleetAuthority ensure(DeviceFleet fleet) throws CaUnavailableException {
    issuers.requireReady(fleet);
    String name = FleetCaStore.operatorSecretName("keyfleet-crl-signer-", fleet);
    Instant now = clock.instant();
    for (int round = 0; round < 3; round++) {
      Secret secret = client.secrets().inNamespace(operatorNamespace).withName(name).get();
      Held held = Held.of(secret);
      String why = CrlSignerRenewal.reason(held.certificate, held.ca, now);
      if (why == null) {
        return remember(fleet, secret, held);
      }
      boolean usable = CrlSignerRenewal.usable(held.certificate, held.ca, now);
      Optional<Wait> waiting = advance(fleet, name, secret, held, why, now);
      if (waiting.isEmpty()) {
        continue; // the new certificate is stored: look again
      }
      if (usable) {
        return remember(fleet, secret, held); // renewing; the current certificate still signs
      }
      throw new CaUnavailableException(waiting.get().reason(), waiting.get().message());
    }
    throw new CaUnavailableException(AWAITING_CRL_SIGNER, "the CRL-signing certificate is being replaced");
  }

  /** What the fleet waits for, for its Ready condition. */
  private record Wait(String reason, String message) {
    static Optional<Wait> of(String message) {
      return Optional.of(new Wait(AWAITING_CRL_SIGNER, message));
    }
  }

  /** One step towards a new CRL-signing certificate. Empty when the new certificate was stored. */
  private Optional<Wait> advance(DeviceFleet fleet, String name, Secret secret, Held held, String why, Instant now) {
    KeyPair next = held.next;
    if (next == null) {
      next = KeyPairs.generate(KeyAlgorithm.ECDSA_P256);
      secret = storeNextKey(fleet, name, secret, next);
      if (secret == null) {
        return Wait.of("another reconcile is asking for the CRL-signing certificate");
      }
    }
    X500Name subject = CrlSignerRenewal.subject(fleet);
    String namespace = fleet.getMetadata().getNamespace();
    String request = RequestNames.crlSigner(fleet, next.getPublic(), subject.toString());
    String where = "CertificateRequest " + namespace + "/" + request;
    IssuerRef issuer = fleet.getSpec().getIssuer().getCertManager().getIssuerRef();
    Optional<CertificateRequest> found = requests.get(namespace, request);
    if (found.isEmpty()) {
      requests.create(namespace, request, CertificationRequests.pem(subject, List.of(), List.of(), next), issuer, CrlSignerRenewal.LIFETIME,
          SIGNER_USAGES, Map.of(KeyfleetApi.LABEL_FLEET, fleet.getMetadata().getName(), CertificateRequests.COMPONENT, CertificateRequests.CRL_SIGNER),
          null);
      LOG.info("CRL-signing certificate requested fleet={} request={}/{} because={}", Indexes.key(fleet), namespace, request, why);
      return Wait.of(where + " for the fleet's CRL-signing certificate created (" + why + ")");
    }
    RequestState state = RequestState.of(found.get(), now);
    switch (state.phase()) {
      case Issued -> {
        X509Certificate certificate = CertificateRequests.certificates(found.get()).get(0);
        X509Certificate ca = CertificateRequests.ca(found.get()).orElse(null);
        if (!certificate.getPublicKey().equals(next.getPublic()) || ca == null) {
          requests.delete(namespace, request);
          return Wait.of(where + ": the answer is not for the requested key; asking again");
        }
        store(name, secret, certificate, next.getPrivate(), ca);
        requests.delete(namespace, request);
        LOG.info("CRL-signing certificate stored fleet={} serial={} subject={} notAfter={}", Indexes.key(fleet),
            Pem.serialHex(certificate.getSerialNumber()), certificate.getSubjectX500Principal().getName(), certificate.getNotAfter().toInstant());
        return Optional.empty();
      }
      case Denied, Failed -> {
        if (state.retryNow()) {
          requests.delete(namespace, request);
        }
        String reason = state.phase() == RequestState.Phase.Denied ? CertManagerSigner.DENIED : CertManagerSigner.FAILED;
        return Optional.of(new Wait(reason, where + " (the fleet's CRL-signing certificate): " + state.said()));
      }
      default -> {
        return Wait.of(where + " (the fleet's CRL-signing certificate): " + state.said());
      }
    }
  }

  private FleetAuthority remember(DeviceFleet fleet, Secret secret, Held held) {
    String key = Indexes.key(fleet);
    Loaded cached = byFleet.get(key);
    String version = secret.getMetadata().getResourceVersion();
    if (cached != null && cached.resourceVersion().equals(version)) {
      return cached.authority();
    }
    IssuerRef issuer = fleet.getSpec().getIssuer().getCertManager().getIssuerRef();
    FleetAuthority authority = new FleetAuthority(held.ca, CrlSigner.indirect(new CaMaterial(held.certificate, held.key), held.ca),
        new CertManagerSigner(requests, deviceRequests, issuer, held.ca));
    byFleet.put(key, new Loaded(version, authority));
    return authority;
  }

  /** Keeps a key waiting for its certificate; null when someone else changed the Secret first. */
  private Secret storeNextKey(DeviceFleet fleet, String name, Secret secret, KeyPair next) {
    try {
      if (secret == null) {
        Secret created = new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(operatorNamespace)
            .addToLabels(KeyfleetApi.LABEL_FLEET, fleet.getMetadata().getName())
            .addToLabels("keyfleet.io/fleet-namespace", fleet.getMetadata().getNamespace())
            .addToLabels(KeyfleetApi.LABEL_MANAGED_BY, KeyfleetApi.MANAGED_BY)
            .addToLabels(FleetCaStore.COMPONENT, "crl-signer")
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

  private void store(String name, Secret secret, X509Certificate certificate, PrivateKey key, X509Certificate ca) {
    Map<String, String> data = new HashMap<>();
    data.put(TLS_CRT, SecretText.encode(Pem.certificate(certificate)));
    data.put(TLS_KEY, SecretText.encode(Pem.privateKey(key)));
    data.put(CA_CRT, SecretText.encode(Pem.certificate(ca)));
    secret.setData(data);
    client.secrets().inNamespace(operatorNamespace).resource(secret).update();
  }

  /** What the signer Secret holds. */
  private record Held(X509Certificate certificate, PrivateKey key, X509Certificate ca, KeyPair next) {
    static Held of(Secret secret) {
      if (secret == null || secret.getData() == null) {
        return new Held(null, null, null, null);
      }
      Map<String, String> d = secret.getData();
      X509Certificate certificate = null;
      PrivateKey key = null;
      X509Certificate ca = null;
      KeyPair next = null;
      try {
        if (d.get(TLS_CRT) != null && d.get(TLS_KEY) != null && d.get(CA_CRT) != null) {
          certificate = Pem.parseCertificates(SecretText.decode(d.get(TLS_CRT))).get(0);
          key = Pem.parsePrivateKey(SecretText.decode(d.get(TLS_KEY)));
          ca = Pem.parseCertificates(SecretText.decode(d.get(CA_CRT))).get(0);
        }
      } catch (RuntimeException e) {
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
      return new Held(certificate, key, ca, next);
    }

    @Override
    public String toString() {
      return "Held[certificate=" + (certificate == null ? null : certificate.getSubjectX500Principal()) + ", key=<redacted>]";
    }
  }
}
