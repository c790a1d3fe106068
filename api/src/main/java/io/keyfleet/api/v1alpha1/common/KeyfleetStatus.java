package io.keyfleet.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/**
 * The part every Keyfleet status shares: the generation it describes and its conditions (Ready
 * first). Kind-specific facts follow in the subclasses.
 */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class KeyfleetStatus {
  @JsonPropertyDescription(
      "The metadata.generation of the spec this status describes. When it is lower than"
          + " metadata.generation, the operator has not yet acted on the latest change.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Standard conditions keyed by type. Ready summarises the resource; the others explain it."
          + " Reasons are CamelCase and stable; lastTransitionTime changes only when status flips.")
  @Size(max = 16)
  private List<Condition> conditions = new ArrayList<>();
}
