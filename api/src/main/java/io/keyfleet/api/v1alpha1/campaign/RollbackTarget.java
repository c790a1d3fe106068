package io.keyfleet.api.v1alpha1.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.keyfleet.api.v1alpha1.common.Patterns;
import lombok.Data;

/**
 * The firmware a failed campaign rolls back to. A rollback is a new manifest with a higher
 * sequence number that points at this firmware, so devices' anti-rollback checks stay intact.
 */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RollbackTarget {
  @Required
  @Pattern(Patterns.FIRMWARE_VERSION)
  @JsonPropertyDescription("Version devices return to, e.g. 2.4.0.")
  private String version;

  @Required
  @Size(max = 512)
  @Pattern(Patterns.OCI_REFERENCE)
  @JsonPropertyDescription("OCI reference of that firmware artifact, by tag or digest; pinned to a digest when used.")
  private String artifact;
}
