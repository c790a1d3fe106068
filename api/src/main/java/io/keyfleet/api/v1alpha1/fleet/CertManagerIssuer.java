package io.keyfleet.api.v1alpha1.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import lombok.Data;

/** A cert-manager issuer that signs the fleet's certificates. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CertManagerIssuer {
  @Required
  @JsonPropertyDescription("The cert-manager Issuer or ClusterIssuer to ask.")
  private IssuerRef issuerRef;
}
