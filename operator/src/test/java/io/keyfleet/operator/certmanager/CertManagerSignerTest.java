package io.keyfleet.operator.certmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.fabric8.certmanager.api.model.v1.CertificateRequest;
import io.fabric8.certmanager.api.model.v1.CertificateRequestBuilder;
import io.fabric8.certmanager.api.model.v1.CertificateRequestCondition;
import io.fabric8.certmanager.api.model.v1.CertificateRequestConditionBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.fleet.IssuerRef;
import io.keyfleet.operator.identity.IdentitySigner;
import io.keyfleet.operator.pki.CertificationRequests;
import io.keyfleet.operator.pki.IssueRequest;
import io.keyfleet.operator.pki.KeyUsageName;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.testing.Resources;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

/**
 * The signer reads a device's request from the informer's cache and makes no API call for a
 * request it finds there: its CertificateRequests has no client, so any GET, create or delete
 * would fail these tests.
 */
class CertManagerSignerTest {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final KeyPair CA_KEYS = TestCertificates.keys();
  static final X509Certificate CA = TestCertificates.ca("Example Medical device CA", CA_KEYS);
  static final KeyPair DEVICE_KEYS = TestCertificates.keys();
  static final String URI = "urn:keyfleet:hospital-a:pumps:PUMP-1";
  static final IssueRequest REQUEST = new IssueRequest(IssueRequest.subject("PUMP-1", null, null, null), List.of(), List.of(URI),
      Set.of(KeyUsageName.digitalSignature), null, DEVICE_KEYS.getPublic(), Duration.ofDays(90), null);
  static final IdentitySigner.Key KEY = new IdentitySigner.Key(DEVICE_KEYS.getPublic(), Optional.of(DEVICE_KEYS), null);

  final MapCache cache = new MapCache();
  final DeviceRequestCache requests = new DeviceRequestCache();
  final CertManagerSigner signer = new CertManagerSigner(new CertificateRequests(null), requests, issuer(), CA);
  final DeviceIdentity device = Resources.device("hospital-a", "pump-1", "pumps");

  CertManagerSignerTest() {
    requests.attach(cache);
  }

  @Test
  void anIssuedRequestInTheCacheIsSignedWithoutAnApiCall() {
    X509Certificate leaf = TestCertificates.leaf(REQUEST.subject(), DEVICE_KEYS.getPublic(), CA, CA_KEYS.getPrivate(), NOW.minusSeconds(60),
        NOW.plus(Duration.ofDays(90)), KeyUsage.digitalSignature, List.of(), List.of(URI));
    cache.put(request("pump-1-r1", List.of(condition("Approved", "True", "cert-manager.io", "approved"),
        condition("Ready", "True", "Issued", "Certificate fetched from issuer successfully")), leaf, CA));

    IdentitySigner.Result result = signer.sign(device, REQUEST, KEY, 1, NOW);

    assertThat(result).isInstanceOfSatisfying(IdentitySigner.Signed.class, s -> {
      assertThat(s.leaf()).isEqualTo(leaf);
      assertThat(s.ca()).isEqualTo(CA);
    });
  }

  @Test
  void aDeniedRequestCarriesTheApproversReasonAndMessage() {
    cache.put(request("pump-1-r1", List.of(condition("Denied", "True", "PolicyDenied", "not allowed by policy"),
        condition("Ready", "False", "Denied", "The CertificateRequest was denied by an approval controller")), null, null));

    IdentitySigner.Result result = signer.sign(device, REQUEST, KEY, 1, NOW);

    assertThat(result).isInstanceOfSatisfying(IdentitySigner.Waiting.class, w -> {
      assertThat(w.reason()).isEqualTo(CertManagerSigner.DENIED);
      assertThat(w.failed()).isTrue();
      assertThat(w.message()).contains("CertificateRequest hospital-a/pump-1-r1 was denied: PolicyDenied: not allowed by policy")
          .contains("asking again after");
      assertThat(w.recheckAt()).isAfter(NOW);
    });
  }

  @Test
  void aFailedRequestCarriesTheIssuersMessage() {
    String said = "Error generating certificate template: encoded CSR error: IsCA true does not match expected value false";
    cache.put(request("pump-1-r1", List.of(condition("Approved", "True", "cert-manager.io", "approved"),
        condition("Ready", "False", "Failed", said)), null, null));

    IdentitySigner.Result result = signer.sign(device, REQUEST, KEY, 1, NOW);

    assertThat(result).isInstanceOfSatisfying(IdentitySigner.Waiting.class, w -> {
      assertThat(w.reason()).isEqualTo(CertManagerSigner.FAILED);
      assertThat(w.message()).contains("failed: Failed: " + said);
    });
  }

  @Test
  void aRequestTheIssuerHasNotAnsweredIsWaitedFor() {
    cache.put(request("pump-1-r1", List.of(condition("Approved", "True", "cert-manager.io", "approved"),
        condition("Ready", "False", "Pending", "Referenced secret cm-ca/devices-ca not found")), null, null));

    IdentitySigner.Result result = signer.sign(device, REQUEST, KEY, 1, NOW);

    assertThat(result).isInstanceOfSatisfying(IdentitySigner.Waiting.class, w -> {
      assertThat(w.reason()).isEqualTo(CertManagerSigner.AWAITING_ISSUER);
      assertThat(w.failed()).isFalse();
      assertThat(w.message()).contains("Pending: Referenced secret cm-ca/devices-ca not found");
    });
  }

  @Test
  void withoutTheInformerTheSignerDoesNotFallBackToTheApiServer() {
    CertManagerSigner unattached = new CertManagerSigner(new CertificateRequests(null), new DeviceRequestCache(), issuer(), CA);
    assertThatIllegalStateException().isThrownBy(() -> unattached.sign(device, REQUEST, KEY, 1, NOW))
        .withMessageContaining("no CertificateRequest informer attached");
  }

  private static CertificateRequest request(String name, List<CertificateRequestCondition> conditions, X509Certificate leaf,
      X509Certificate ca) {
    var status = new io.fabric8.certmanager.api.model.v1.CertificateRequestStatus();
    status.setConditions(conditions);
    if (leaf != null) {
      status.setCertificate(base64(Pem.certificate(leaf)));
      status.setCa(base64(Pem.certificate(ca)));
    }
    CertificateRequest request = new CertificateRequestBuilder()
        .withNewMetadata().withNamespace("hospital-a").withName(name).withCreationTimestamp(NOW.minusSeconds(60).toString()).endMetadata()
        .withNewSpec().withRequest(base64(CertificationRequests.pem(REQUEST, DEVICE_KEYS))).endSpec()
        .build();
    request.setStatus(status);
    return request;
  }

  private static CertificateRequestCondition condition(String type, String status, String reason, String message) {
    return new CertificateRequestConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastTransitionTime(NOW.minusSeconds(30).toString()).build();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static IssuerRef issuer() {
    IssuerRef ref = new IssuerRef();
    ref.setName("devices-ca");
    ref.setKind(IssuerRef.Kind.ClusterIssuer);
    return ref;
  }

  /** What an informer's cache answers: the objects it holds, by namespace and name. */
  static final class MapCache implements Cache<CertificateRequest> {
    private final Map<ResourceID, CertificateRequest> held = new HashMap<>();

    void put(CertificateRequest request) {
      held.put(ResourceID.fromResource(request), request);
    }

    @Override
    public Optional<CertificateRequest> get(ResourceID id) {
      return Optional.ofNullable(held.get(id));
    }

    @Override
    public Stream<ResourceID> keys() {
      return held.keySet().stream();
    }

    @Override
    public Stream<CertificateRequest> list(Predicate<CertificateRequest> predicate) {
      return held.values().stream().filter(predicate);
    }
  }
}
