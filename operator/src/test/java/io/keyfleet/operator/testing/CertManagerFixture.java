package io.keyfleet.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.certmanager.api.model.v1.CertificateBuilder;
import io.fabric8.certmanager.api.model.v1.ClusterIssuerBuilder;
import io.fabric8.certmanager.client.CertManagerClient;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.common.Condition;
import io.keyfleet.api.v1alpha1.fleet.CertManagerIssuer;
import io.keyfleet.api.v1alpha1.fleet.IssuerRef;
import io.keyfleet.api.v1alpha1.fleet.IssuerSpec;
import io.keyfleet.operator.status.Conditions;
import java.util.function.Predicate;

/**
 * A real cert-manager ({@link LocalCertManager}) beside an {@link OperatorFixture}, with a CA to
 * sign devices: a self-signed ClusterIssuer signs a CA Certificate ("Example Medical device CA",
 * Secret devices-ca in a namespace of its own), and a CA ClusterIssuer on that Secret names one
 * fleet's Keyfleet CRL as distribution point. Start it before the operator: the operator looks for
 * cert-manager's API when it starts.
 */
public final class CertManagerFixture implements AutoCloseable {
  public static final String CA_SUBJECT = "CN=Example Medical device CA";

  private final OperatorFixture keyfleet;
  private final CertManagerClient api;
  private final String caNamespace;
  private final String selfSigned;
  private final String caIssuer;
  private final String crlUrl;
  private LocalCertManager certManager;
  private final java.util.List<String> moreIssuers = new java.util.ArrayList<>();

  private CertManagerFixture(OperatorFixture keyfleet, String caNamespace, String crlUrl) {
    this.keyfleet = keyfleet;
    this.api = keyfleet.client().adapt(CertManagerClient.class);
    this.caNamespace = caNamespace;
    // ClusterIssuers are cluster-wide: named after this run's namespace so runs never meet.
    this.selfSigned = "selfsigned-" + caNamespace;
    this.caIssuer = "devices-" + caNamespace;
    this.crlUrl = crlUrl;
  }

  /**
   * Starts cert-manager and its issuers, and waits for the CA's Secret.
   *
   * @param crlFleet the fleet whose CRL URL the CA issuer names as distribution point
   */
  public static CertManagerFixture start(OperatorFixture keyfleet, String crlFleet) {
    String caNamespace = keyfleet.plane().createNamespace("cm-ca");
    CertManagerFixture f = new CertManagerFixture(keyfleet, caNamespace,
        "http://127.0.0.1:8081/crl/" + keyfleet.namespace() + "/" + crlFleet + ".crl");
    f.certManager = LocalCertManager.start(keyfleet.plane(), caNamespace);
    f.api.v1().clusterIssuers().resource(new ClusterIssuerBuilder()
        .withNewMetadata().withName(f.selfSigned).endMetadata()
        .withNewSpec().withNewSelfSigned().endSelfSigned().endSpec().build()).create();
    f.api.v1().certificates().inNamespace(caNamespace).resource(new CertificateBuilder()
            .withNewMetadata().withName("devices-ca").endMetadata()
            .withNewSpec().withIsCA(true).withCommonName("Example Medical device CA").withSecretName("devices-ca")
            .withNewPrivateKey().withAlgorithm("ECDSA").withSize(256).endPrivateKey()
            .withNewIssuerRef().withName(f.selfSigned).withKind("ClusterIssuer").withGroup("cert-manager.io").endIssuerRef()
            .endSpec().build())
        .create();
    await("CA Secret").atMost(OperatorFixture.WAIT)
        .until(() -> keyfleet.client().secrets().inNamespace(caNamespace).withName("devices-ca").get() != null);
    // The issuer names the fleet's Keyfleet CRL as distribution point: cert-manager puts it in every certificate.
    f.api.v1().clusterIssuers().resource(new ClusterIssuerBuilder()
        .withNewMetadata().withName(f.caIssuer).endMetadata()
        .withNewSpec().withNewCa().withSecretName("devices-ca").withCrlDistributionPoints(f.crlUrl).endCa().endSpec().build()).create();
    return f;
  }

  /**
   * Stops cert-manager and starts it again with {@code args} (e.g. {@code
   * --controllers=*,-certificaterequests-approver}); none for its defaults.
   */
  public void restart(String... args) {
    certManager.close();
    certManager = LocalCertManager.start(keyfleet.plane(), caNamespace, args);
  }

  public CertManagerClient api() {
    return api;
  }

  /** The self-signed ClusterIssuer (it signs CA Certificates). */
  public String selfSignedIssuer() {
    return selfSigned;
  }

  /** The CA ClusterIssuer that signs device certificates. */
  public String caIssuer() {
    return caIssuer;
  }

  /** The CRL distribution point the CA issuer names. */
  public String crlUrl() {
    return crlUrl;
  }

  /** A fleet of the operator's namespace whose devices the CA ClusterIssuer signs. */
  public DeviceFleet fleet(String name, String policy) {
    return fleet(name, policy, IssuerRef.Kind.ClusterIssuer, caIssuer);
  }

  /** A fleet whose devices the named cert-manager issuer signs. */
  public DeviceFleet fleet(String name, String policy, IssuerRef.Kind kind, String issuerName) {
    DeviceFleet fleet = Resources.fleet(keyfleet.namespace(), name, policy);
    IssuerRef ref = new IssuerRef();
    ref.setName(issuerName);
    ref.setKind(kind);
    CertManagerIssuer certManagerIssuer = new CertManagerIssuer();
    certManagerIssuer.setIssuerRef(ref);
    IssuerSpec issuer = new IssuerSpec();
    issuer.setCertManager(certManagerIssuer);
    fleet.getSpec().setIssuer(issuer);
    return fleet;
  }

  /** The fleet's Ready reason ("" without one). */
  public static String fleetReason(DeviceFleet f) {
    return f.getStatus() == null ? "" : Conditions.find(f.getStatus().getConditions(), "Ready").map(Condition::getReason).orElse("");
  }

  /** {@link OperatorFixture#awaitDevice}, pointing at cert-manager's log when it times out. */
  public DeviceIdentity awaitDevice(String name, Predicate<DeviceIdentity> condition) {
    return keyfleet.awaitDevice(name, condition, "cert-manager log: " + certManager.log());
  }

  /**
   * A CA ClusterIssuer whose CA is itself an intermediate, as behind a corporate PKI: the CA
   * ClusterIssuer ({@link #caIssuer()}) signs an intermediate CA Certificate ("CN=" + {@code
   * commonName}), and the new ClusterIssuer signs with it. Its answers carry that intermediate in
   * status.certificate and the root in status.ca.
   *
   * @return the new ClusterIssuer's name
   */
  public String intermediateIssuer(String commonName) {
    String secret = "issuing-" + moreIssuers.size();
    String name = "issuing-" + moreIssuers.size() + "-" + caNamespace;
    api.v1().certificates().inNamespace(caNamespace).resource(new CertificateBuilder()
            .withNewMetadata().withName(secret).endMetadata()
            .withNewSpec().withIsCA(true).withCommonName(commonName).withSecretName(secret)
            .withNewPrivateKey().withAlgorithm("ECDSA").withSize(256).endPrivateKey()
            .withNewIssuerRef().withName(caIssuer).withKind("ClusterIssuer").withGroup("cert-manager.io").endIssuerRef()
            .endSpec().build())
        .create();
    await("intermediate CA Secret " + secret).atMost(OperatorFixture.WAIT)
        .until(() -> keyfleet.client().secrets().inNamespace(caNamespace).withName(secret).get() != null);
    api.v1().clusterIssuers().resource(new ClusterIssuerBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withNewCa().withSecretName(secret).endCa().endSpec().build()).create();
    moreIssuers.add(name);
    return name;
  }

  /** Stops cert-manager and removes its ClusterIssuers. */
  @Override
  public void close() {
    if (certManager != null) {
      certManager.close();
    }
    api.v1().clusterIssuers().withName(selfSigned).delete();
    api.v1().clusterIssuers().withName(caIssuer).delete();
    moreIssuers.forEach(n -> api.v1().clusterIssuers().withName(n).delete());
  }
}
