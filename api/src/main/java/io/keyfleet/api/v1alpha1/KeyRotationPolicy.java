package io.keyfleet.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A reusable certificate, key and data-key lifecycle policy for device fleets. */
@Group(KeyfleetApi.GROUP)
@Version(KeyfleetApi.VERSION)
@ShortNames("krp")
@Categories(KeyfleetApi.CATEGORY)
@JsonClassDescription(
    "KeyRotationPolicy says how long device certificates live, when they are renewed, whether"
        + " renewal replaces the key pair, which key algorithm devices use, when routine changes"
        + " may happen (maintenance windows, rate limit), and how per-device data keys rotate."
        + " DeviceFleets reference it by name.")
@AdditionalPrinterColumn(name = "Duration", jsonPath = ".spec.certificate.duration", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Algorithm", jsonPath = ".spec.privateKey.algorithm", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Rotation", jsonPath = ".spec.privateKey.rotation", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class KeyRotationPolicy extends CustomResource<KeyRotationPolicySpec, KeyRotationPolicyStatus>
    implements Namespaced {
  @Override
  protected KeyRotationPolicySpec initSpec() {
    return new KeyRotationPolicySpec();
  }

  @Override
  protected KeyRotationPolicyStatus initStatus() {
    return new KeyRotationPolicyStatus();
  }
}
