package io.keyfleet.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.AllArgsConstructor;
import lombok.Builder;
import lombok.Data;
import lombok.NoArgsConstructor;

/** One aspect of a resource's state, in the shape of the Kubernetes metav1.Condition. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@Builder(toBuilder = true)
@NoArgsConstructor
@AllArgsConstructor
public class Condition {
  @Required
  @Size(max = 316)
  @Pattern("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$")
  @JsonPropertyDescription("Type of the condition in CamelCase, e.g. Ready.")
  private String type;

  @Required
  @JsonPropertyDescription("True, False or Unknown.")
  private Status status;

  @JsonPropertyDescription("metadata.generation the condition was set for.")
  private Long observedGeneration;

  @Required
  @JsonPropertyDescription("When status last changed (RFC 3339).")
  private String lastTransitionTime;

  @Required
  @Size(min = 1, max = 1024)
  @Pattern("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$")
  @JsonPropertyDescription("Why, as a CamelCase word a program can match, e.g. FleetNotFound.")
  private String reason;

  @Size(max = 32768)
  @JsonPropertyDescription("Why, for a person: what is wrong and which field to fix.")
  private String message;

  /** Condition status values. */
  public enum Status {
    True,
    False,
    Unknown
  }
}
