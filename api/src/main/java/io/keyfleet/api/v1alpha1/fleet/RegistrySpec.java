package io.keyfleet.api.v1alpha1.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyfleet.api.v1alpha1.common.ObjectRef;
import io.keyfleet.api.v1alpha1.common.Patterns;
import lombok.Data;

/** An OCI repository and how to reach it. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.insecure) || !self.insecure"
            + " || self.repository.matches('^(127\\\\.[0-9]{1,3}\\\\.[0-9]{1,3}\\\\.[0-9]{1,3}|localhost)(:[0-9]+)?/')",
    message = "spec.updates.registry.insecure is only allowed for a loopback registry (an IPv4 address in 127.0.0.0/8 or localhost)")
public class RegistrySpec {
  @Required
  @Pattern(Patterns.OCI_REPOSITORY)
  @JsonPropertyDescription(
      "OCI repository for manifests and signatures, without tag, e.g."
          + " registry.example.com/fleets/pumps.")
  private String repository;

  @JsonPropertyDescription(
      "A kubernetes.io/dockerconfigjson Secret in the fleet's namespace with credentials for the"
          + " registry.")
  private ObjectRef credentialsSecretRef;

  @Default("false")
  @JsonPropertyDescription("Talk plain http. Only allowed for a registry on loopback (tests, demos).")
  private Boolean insecure = Boolean.FALSE;
}
