package io.keyfleet.api.v1alpha1.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.AllArgsConstructor;
import lombok.Data;
import lombok.NoArgsConstructor;

/** A reference by name to another object in the same namespace. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@NoArgsConstructor
@AllArgsConstructor
public class ObjectRef {
  @Required
  @Size(min = 1, max = 253)
  @Pattern(Patterns.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Name of the referenced object, in the same namespace as the referrer.")
  private String name;
}
