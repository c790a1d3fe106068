package io.keyfleet.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One device's identity: its key pair, certificate and update assignment. */
@Group(KeyfleetApi.GROUP)
@Version(KeyfleetApi.VERSION)
@ShortNames("dev")
@Categories(KeyfleetApi.CATEGORY)
@JsonClassDescription(
    "DeviceIdentity is one physical device. The operator gives it a unique key pair and X.509"
        + " certificate in the Secret <name>-tls, renews and rotates them by the fleet's policy,"
        + " revokes them on request, and assigns it updates. Its connector reports progress in"
        + " status.reported.")
@AdditionalPrinterColumn(name = "Fleet", jsonPath = ".spec.fleetRef.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Device", jsonPath = ".spec.deviceId", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Model", jsonPath = ".spec.model", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Not After", jsonPath = ".status.certificate.notAfter", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Revoked", jsonPath = ".spec.revoked", type = AdditionalPrinterColumn.Type.BOOLEAN, priority = 1)
@AdditionalPrinterColumn(name = "Firmware", jsonPath = ".status.reported.firmwareVersion", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Update", jsonPath = ".status.reported.updateState", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class DeviceIdentity extends CustomResource<DeviceIdentitySpec, DeviceIdentityStatus>
    implements Namespaced {
  @Override
  protected DeviceIdentityStatus initStatus() {
    return new DeviceIdentityStatus();
  }
}
