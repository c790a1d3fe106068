package io.keyfleet.api.v1alpha1.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.keyfleet.api.v1alpha1.common.ObjectRef;
import io.keyfleet.api.v1alpha1.common.Patterns;
import lombok.Data;

/** The operator's built-in fleet CA. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BuiltinIssuer {
  @JsonPropertyDescription(
      "A kubernetes.io/tls Secret in the operator's namespace (never the fleet's, where connectors"
          + " can read Secrets) holding a CA certificate and key to sign with. When omitted, the"
          + " operator creates a fleet CA of its own there, once.")
  private ObjectRef caSecretRef;

  @Default("3650d")
  @Pattern(Patterns.POSITIVE_DURATION)
  @JsonPropertyDescription("Validity of a CA the operator creates, e.g. 3650d. Default 3650d.")
  private String caDuration = "3650d";
}
