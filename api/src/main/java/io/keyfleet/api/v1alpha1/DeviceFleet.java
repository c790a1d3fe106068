package io.keyfleet.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A fleet of devices with one issuer, one policy and one update channel. */
@Group(KeyfleetApi.GROUP)
@Version(KeyfleetApi.VERSION)
@ShortNames("dfl")
@Categories(KeyfleetApi.CATEGORY)
@JsonClassDescription(
    "DeviceFleet groups devices that share an issuer (the built-in CA or a cert-manager issuer),"
        + " a certificate naming template, a KeyRotationPolicy, a CRL and an update channel. Its"
        + " status counts devices by state and shows CA, CRL and signing-key facts.")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Devices", jsonPath = ".status.devices.total", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Issued", jsonPath = ".status.devices.ready", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Renewal Due", jsonPath = ".status.devices.renewalDue", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Revoked", jsonPath = ".status.devices.revoked", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Policy", jsonPath = ".spec.rotationPolicyRef.name", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "CA Not After", jsonPath = ".status.ca.notAfter", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class DeviceFleet extends CustomResource<DeviceFleetSpec, DeviceFleetStatus>
    implements Namespaced {
  @Override
  protected DeviceFleetStatus initStatus() {
    return new DeviceFleetStatus();
  }
}
