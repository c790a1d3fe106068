package io.keyfleet.operator.certmanager;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whether the cluster runs cert-manager, found once at start through API discovery. */
public final class CertManagerApi {
  private static final Logger LOG = LoggerFactory.getLogger(CertManagerApi.class);

  private CertManagerApi() {}

  /**
   * Whether the API server serves cert-manager.io/v1 certificaterequests. Discovery is open to every
   * authenticated client, so this needs no extra permission; without cert-manager no informer on its
   * resources is started (it would fail the operator's start).
   */
  public static boolean served(KubernetesClient client) {
    try {
      var resources = client.getApiResources("cert-manager.io/v1");
      boolean served = resources != null && resources.getResources().stream().anyMatch(r -> "certificaterequests".equals(r.getName()));
      LOG.info("cert-manager issuer mode {}", served ? "available" : "unavailable (no cert-manager.io/v1 certificaterequests)");
      return served;
    } catch (RuntimeException e) {
      LOG.info("cert-manager issuer mode unavailable: discovery of cert-manager.io/v1 failed: {}", e.getMessage());
      return false;
    }
  }
}
