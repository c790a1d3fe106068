package io.keyfleet.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.keyfleet.api.v1alpha1.common.KeyfleetStatus;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;
import lombok.EqualsAndHashCode;

/** What the operator observed about a KeyRotationPolicy. */
@JsonClassDescription(
    "What the operator observed: which fleets use the policy, and whether it is valid.")
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@EqualsAndHashCode(callSuper = true)
public class KeyRotationPolicyStatus extends KeyfleetStatus {
  @JsonPropertyDescription("Names of the DeviceFleets in this namespace that use this policy.")
  private List<String> fleets = new ArrayList<>();
}
