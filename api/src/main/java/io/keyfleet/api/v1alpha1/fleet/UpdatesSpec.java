package io.keyfleet.api.v1alpha1.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;

/** Where the fleet's signed update manifests go and how they are signed. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpdatesSpec {
  @JsonPropertyDescription("The OCI repository that receives the fleet's update manifests.")
  private RegistrySpec registry;

  @JsonPropertyDescription("The fleet's update-signing key.")
  private SigningSpec signing = new SigningSpec();
}
