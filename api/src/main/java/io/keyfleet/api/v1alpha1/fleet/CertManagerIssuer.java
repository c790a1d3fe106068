package io.keyfleet.api.v1alpha1.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyfleet.api.v1alpha1.common.Patterns;
import lombok.Data;

/** A cert-manager issuer that signs the fleet's certificates. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CertManagerIssuer {
  /** What the issuer signs. */
  public enum Signing {
    /** One CertificateRequest per device certificate; the fleet CRL is an indirect CRL. */
    PerDevice,
    /** One intermediate CA certificate for the fleet; Keyfleet signs device certificates and the CRL with it. */
    Intermediate
  }

  @Required
  @JsonPropertyDescription("The cert-manager Issuer or ClusterIssuer to ask.")
  private IssuerRef issuerRef;

  @Default("PerDevice")
  @ValidationRule(value = "self == oldSelf", message = "spec.issuer.certManager.signing is immutable: it decides who signs the"
      + " fleet's CRL, so a change would orphan revocations; create a new fleet instead")
  @JsonPropertyDescription(
      "PerDevice (default): the issuer signs every device certificate (a CertificateRequest each, so"
          + " cert-manager approval policies see every device); revocation is an indirect CRL that the"
          + " connector SDK enforces but openssl and the JDK's PKIX checker do not. Intermediate: the"
          + " issuer signs one intermediate CA certificate for a key of the operator's; the operator signs"
          + " device certificates and a direct CRL with it, which every relying party (openssl included)"
          + " enforces. Immutable.")
  private Signing signing = Signing.PerDevice;

  @Default("365d")
  @Pattern(Patterns.POSITIVE_DURATION)
  @JsonPropertyDescription(
      "With signing Intermediate: the validity asked for the intermediate CA certificate, e.g. 365d"
          + " (the issuer may shorten it). Renewed for the same key at two thirds of its lifetime;"
          + " device certificates never outlive it. Default 365d.")
  private String intermediateDuration = "365d";
}
