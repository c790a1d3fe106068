package io.keyfleet.bench;

import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.CertificateBuilder;
import io.fabric8.certmanager.api.model.v1.CertificateCondition;
import io.fabric8.certmanager.api.model.v1.ClusterIssuer;
import io.fabric8.certmanager.api.model.v1.ClusterIssuerBuilder;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.fleet.CertManagerIssuer;
import io.keyfleet.api.v1alpha1.fleet.IssuerRef;
import io.keyfleet.api.v1alpha1.fleet.IssuerSpec;
import java.util.List;
import java.util.Locale;

/**
 * The cert-manager objects of the certmanager benchmark: a self-signed ClusterIssuer that makes a
 * CA, the CA ClusterIssuer every phase issues with, the per-device Certificates, and a fleet that
 * issues through that ClusterIssuer.
 */
public final class CertManagerObjects {
  static final String SELF_SIGNED = "bench-selfsigned";
  public static final String CA_ISSUER = "bench-devices-ca";
  static final String CA_SECRET = "bench-devices-ca";

  private CertManagerObjects() {}

  public static ClusterIssuer selfSignedIssuer() {
    return new ClusterIssuerBuilder().withNewMetadata().withName(SELF_SIGNED).endMetadata()
        .withNewSpec().withNewSelfSigned().endSelfSigned().endSpec().build();
  }

  /** The device CA (ECDSA P-256), signed by the self-signed issuer, its key pair in {@code namespace}. */
  public static Certificate caCertificate(String namespace) {
    return new CertificateBuilder().withNewMetadata().withNamespace(namespace).withName(CA_SECRET).endMetadata()
        .withNewSpec().withIsCA(true).withCommonName("Keyfleet bench device CA").withSecretName(CA_SECRET)
        .withNewPrivateKey().withAlgorithm("ECDSA").withSize(256).endPrivateKey()
        .withNewIssuerRef().withName(SELF_SIGNED).withKind("ClusterIssuer").withGroup("cert-manager.io").endIssuerRef()
        .endSpec().build();
  }

  public static ClusterIssuer caIssuer() {
    return new ClusterIssuerBuilder().withNewMetadata().withName(CA_ISSUER).endMetadata()
        .withNewSpec().withNewCa().withSecretName(CA_SECRET).endCa().endSpec().build();
  }

  /**
   * Device {@code index}'s Certificate, shaped like a Keyfleet device certificate: a new ECDSA P-256
   * key, the device id as common name and in a URI SAN, client-auth and digital-signature usages,
   * into Secret {@code <name>-tls}.
   */
  public static Certificate deviceCertificate(String namespace, int index) {
    String name = BenchObjects.deviceName(index);
    String deviceId = name.toUpperCase(Locale.ROOT);
    return new CertificateBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withNewSpec().withCommonName(deviceId).withUris("urn:keyfleet:" + namespace + ":" + BenchObjects.FLEET + ":" + deviceId)
        .withUsages(List.of("digital signature", "client auth")).withSecretName(name + "-tls")
        .withNewPrivateKey().withAlgorithm("ECDSA").withSize(256).endPrivateKey()
        .withNewIssuerRef().withName(CA_ISSUER).withKind("ClusterIssuer").withGroup("cert-manager.io").endIssuerRef()
        .endSpec().build();
  }

  /** The benchmark's fleet ({@link BenchObjects#fleet}), issuing through the CA ClusterIssuer instead of the built-in CA. */
  public static DeviceFleet fleetThroughIssuer(String namespace, CertManagerIssuer.Signing signing) {
    DeviceFleet fleet = BenchObjects.fleet(namespace);
    IssuerRef ref = new IssuerRef();
    ref.setName(CA_ISSUER);
    ref.setKind(IssuerRef.Kind.ClusterIssuer);
    CertManagerIssuer certManager = new CertManagerIssuer();
    certManager.setIssuerRef(ref);
    certManager.setSigning(signing);
    IssuerSpec issuer = new IssuerSpec();
    issuer.setCertManager(certManager);
    fleet.getSpec().setIssuer(issuer);
    return fleet;
  }

  /** A Certificate's readiness as cert-manager's readiness controller set it. */
  public static ReadyTracker.Readiness readiness(Certificate certificate) {
    List<CertificateCondition> conditions = certificate.getStatus() == null ? null : certificate.getStatus().getConditions();
    if (conditions == null) {
      return new ReadyTracker.Readiness(false, "(no Ready condition yet)");
    }
    return conditions.stream().filter(c -> "Ready".equals(c.getType())).findFirst()
        .map(c -> new ReadyTracker.Readiness("True".equals(c.getStatus()), c.getReason()))
        .orElse(new ReadyTracker.Readiness(false, "(no Ready condition yet)"));
  }

  /** Whether a ClusterIssuer's Ready condition is True. */
  public static boolean ready(ClusterIssuer issuer) {
    return issuer != null && issuer.getStatus() != null && issuer.getStatus().getConditions() != null
        && issuer.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
