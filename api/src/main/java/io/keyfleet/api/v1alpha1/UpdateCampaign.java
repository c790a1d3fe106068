package io.keyfleet.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A staged firmware rollout with health gates. */
@Group(KeyfleetApi.GROUP)
@Version(KeyfleetApi.VERSION)
@ShortNames("uc")
@Categories(KeyfleetApi.CATEGORY)
@JsonClassDescription(
    "UpdateCampaign rolls a firmware version out to a fleet: the operator signs an update manifest"
        + " with the fleet's key, publishes it to the fleet's OCI repository, and assigns it to"
        + " eligible devices wave by wave, watching their reports against health gates; on failure"
        + " it pauses, aborts or rolls back.")
@AdditionalPrinterColumn(name = "Fleet", jsonPath = ".spec.fleetRef.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Version", jsonPath = ".spec.firmware.version", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Wave", jsonPath = ".status.currentWave", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Succeeded", jsonPath = ".status.totals.succeeded", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Failed", jsonPath = ".status.totals.failed", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Eligible", jsonPath = ".status.totals.eligible", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Paused", jsonPath = ".spec.paused", type = AdditionalPrinterColumn.Type.BOOLEAN, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class UpdateCampaign extends CustomResource<UpdateCampaignSpec, UpdateCampaignStatus>
    implements Namespaced {
  @Override
  protected UpdateCampaignStatus initStatus() {
    return new UpdateCampaignStatus();
  }
}
