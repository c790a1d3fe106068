package io.keyfleet.operator.certmanager;

import io.fabric8.certmanager.api.model.v1.CertificateRequest;
import io.fabric8.certmanager.api.model.v1.CertificateRequestBuilder;
import io.fabric8.certmanager.client.CertManagerClient;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.keyfleet.api.v1alpha1.KeyfleetApi;
import io.keyfleet.api.v1alpha1.fleet.IssuerRef;
import io.keyfleet.operator.pki.ExtendedKeyUsageName;
import io.keyfleet.operator.pki.KeyUsageName;
import io.keyfleet.operator.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/** Creating, reading and deleting cert-manager CertificateRequests, and the translations they need. */
public final class CertificateRequests {
  /** Label on every request Keyfleet makes: what it is for. */
  public static final String COMPONENT = "keyfleet.io/component";
  public static final String DEVICE_CERTIFICATE = "device-certificate";

  private final KubernetesClient client;

  public CertificateRequests(KubernetesClient client) {
    this.client = client;
  }

  /**
   * A GET, for requests no informer holds (the fleet's CRL-signing certificate, asked for rarely);
   * a device's request is read from the informer instead ({@link DeviceRequestCache}).
   */
  public Optional<CertificateRequest> get(String namespace, String name) {
    return Optional.ofNullable(api().v1().certificateRequests().inNamespace(namespace).withName(name).get());
  }

  /** Creates the request; false when one of that name exists already (made by an earlier reconcile). */
  public boolean create(String namespace, String name, String csrPem, IssuerRef issuer, Duration duration, List<String> usages,
      boolean isCa, Map<String, String> labels, OwnerReference owner) {
    CertificateRequest request = new CertificateRequestBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .addToLabels(KeyfleetApi.LABEL_MANAGED_BY, KeyfleetApi.MANAGED_BY)
        .addToLabels(labels)
        .withOwnerReferences(owner == null ? List.of() : List.of(owner))
        .endMetadata()
        .withNewSpec()
        // spec.request is a []byte in cert-manager's Go types: the PEM, base64-encoded once more.
        .withRequest(Base64.getEncoder().encodeToString(csrPem.getBytes(StandardCharsets.US_ASCII)))
        .withDuration(new io.fabric8.kubernetes.api.model.Duration(duration))
        .withUsages(usages)
        .withIsCA(isCa ? Boolean.TRUE : null)
        .withNewIssuerRef().withName(issuer.getName()).withKind(issuer.getKind().name()).withGroup(issuer.getGroup()).endIssuerRef()
        .endSpec()
        .build();
    try {
      api().v1().certificateRequests().inNamespace(namespace).resource(request).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  public void delete(String namespace, String name) {
    api().v1().certificateRequests().inNamespace(namespace).withName(name).delete();
  }

  /** The public key of the request's CSR. */
  public static PublicKey publicKey(CertificateRequest request) {
    try {
      String pem = new String(Base64.getDecoder().decode(request.getSpec().getRequest()), StandardCharsets.US_ASCII);
      PKCS10CertificationRequest csr = new PKCS10CertificationRequest(Pem.csrDer(pem));
      return new JcaPKCS10CertificationRequest(csr).getPublicKey();
    } catch (Exception e) {
      throw new IllegalArgumentException("CertificateRequest " + request.getMetadata().getName() + " holds no readable CSR", e);
    }
  }

  /** status.certificate: the signed certificate, then any intermediates. */
  public static List<X509Certificate> certificates(CertificateRequest request) {
    return Pem.parseCertificates(decode(request.getStatus().getCertificate()));
  }

  /** status.ca: the CA certificate (the first, when several). */
  public static Optional<X509Certificate> ca(CertificateRequest request) {
    String ca = request.getStatus() == null ? null : request.getStatus().getCa();
    return ca == null || ca.isEmpty() ? Optional.empty() : Optional.of(Pem.parseCertificates(decode(ca)).get(0));
  }

  /** cert-manager's names for the key usages and extended key usages of a template. */
  public static List<String> usages(Set<KeyUsageName> keyUsages, Set<ExtendedKeyUsageName> extended) {
    List<String> usages = new ArrayList<>();
    for (KeyUsageName u : KeyUsageName.values()) {
      if (keyUsages.contains(u)) {
        usages.add(switch (u) {
          case digitalSignature -> "digital signature";
          case keyEncipherment -> "key encipherment";
          case keyAgreement -> "key agreement";
          case dataEncipherment -> "data encipherment";
          case nonRepudiation -> "content commitment";
        });
      }
    }
    for (ExtendedKeyUsageName u : ExtendedKeyUsageName.values()) {
      if (extended.contains(u)) {
        usages.add(switch (u) {
          case clientAuth -> "client auth";
          case serverAuth -> "server auth";
        });
      }
    }
    return usages;
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
  }

  private CertManagerClient api() {
    return client.adapt(CertManagerClient.class);
  }
}
