package io.keyfleet.api.v1alpha1.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** One label requirement of a selector. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(self.operator in ['In', 'NotIn']) == (has(self.values) && size(self.values) > 0)",
    message =
        "spec.selector.matchExpressions[]: In and NotIn need values; Exists and DoesNotExist take"
            + " none")
public class LabelRequirement {
  /** Selector operators. */
  public enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist
  }

  @Required
  @Size(min = 1, max = 317)
  @JsonPropertyDescription("Label key.")
  private String key;

  @Required
  @JsonPropertyDescription("In, NotIn, Exists or DoesNotExist.")
  private Operator operator;

  @Size(max = 64)
  @JsonPropertyDescription("Values for In and NotIn.")
  private List<@Size(max = 63) String> values = new ArrayList<>();
}
