package io.keyfleet.api.v1alpha1.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import lombok.Data;

/** Who signs the fleet's device certificates. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(has(self.builtin) ? 1 : 0) + (has(self.certManager) ? 1 : 0) == 1",
    message = "spec.issuer: set exactly one of builtin or certManager")
public class IssuerSpec {
  @JsonPropertyDescription(
      "The operator's own fleet CA (Bouncy Castle): bootstrapped into a Secret in the operator's"
          + " namespace, or taken from a CA Secret the user supplies. Needs no other component.")
  private BuiltinIssuer builtin;

  @JsonPropertyDescription(
      "A cert-manager Issuer or ClusterIssuer signs; the operator keeps key generation and the"
          + " lifecycle and only asks cert-manager to sign (CertificateRequest).")
  private CertManagerIssuer certManager;
}
