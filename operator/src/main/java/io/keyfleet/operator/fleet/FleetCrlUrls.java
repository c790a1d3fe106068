package io.keyfleet.operator.fleet;

import io.keyfleet.api.v1alpha1.DeviceFleet;

/**
 * The URL a fleet's certificates name as CRL distribution point: the fleet's spec.crl.url, or the
 * operator's own CRL endpoint under its base URL.
 */
public final class FleetCrlUrls {
  private final String baseUrl;

  public FleetCrlUrls(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  public String url(DeviceFleet fleet) {
    if (fleet.getSpec().getCrl() != null && fleet.getSpec().getCrl().getUrl() != null) {
      return fleet.getSpec().getCrl().getUrl();
    }
    return baseUrl + "/crl/" + fleet.getMetadata().getNamespace() + "/" + fleet.getMetadata().getName() + ".crl";
  }
}
