package io.keyfleet.api.v1alpha1.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.keyfleet.api.v1alpha1.common.Patterns;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** The firmware a campaign rolls out. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FirmwareSpec {
  @Required
  @Pattern(Patterns.FIRMWARE_VERSION)
  @JsonPropertyDescription("Version devices will run after the update, e.g. 2.4.1.")
  private String version;

  @Required
  @Size(max = 512)
  @Pattern(Patterns.OCI_REFERENCE)
  @JsonPropertyDescription(
      "OCI reference of the firmware artifact, by tag or digest, e.g."
          + " registry.example.com/firmware/pump-x2:2.4.1. A tag is resolved to a digest once and"
          + " pinned in status.")
  private String artifact;

  @Required
  @Size(min = 1, max = 32)
  @JsonPropertyDescription("Hardware models the firmware is built for. Other devices are skipped.")
  private List<@Size(min = 1, max = 63) @Pattern(Patterns.MODEL) String> models = new ArrayList<>();

  @Pattern(Patterns.FIRMWARE_VERSION)
  @JsonPropertyDescription(
      "Oldest firmware a device may run to take this update; older devices are skipped.")
  private String minimumVersion;
}
