package io.keyfleet.operator.certmanager;

import io.fabric8.certmanager.api.model.v1.CertificateRequest;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import java.util.Optional;

/**
 * The CertificateRequests Keyfleet made for devices, as the DeviceIdentity controller's informer
 * holds them. That informer exists anyway (a request's updates wake its device); reading a
 * device's request from it instead of the API server saves a GET per reconcile, a 404 for every
 * new device. The informer is built after the signers, so it is attached here when the controller
 * builds its event sources.
 */
public final class DeviceRequestCache {
  private volatile Cache<CertificateRequest> informer;

  /** Called once by the controller that owns the informer, before any reconcile. */
  public void attach(Cache<CertificateRequest> informer) {
    this.informer = informer;
  }

  /** The request as last seen by the informer; a request just created may not be there yet. */
  public Optional<CertificateRequest> get(String namespace, String name) {
    Cache<CertificateRequest> attached = informer;
    if (attached == null) {
      throw new IllegalStateException("no CertificateRequest informer attached: the DeviceIdentity controller attaches it on start");
    }
    return attached.get(new ResourceID(name, namespace));
  }
}
