package io.keyfleet.api.v1alpha1.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.keyfleet.api.v1alpha1.common.Patterns;
import lombok.Data;

/** A reference to a cert-manager issuer. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IssuerRef {
  /** The kinds of cert-manager issuer. */
  public enum Kind {
    Issuer,
    ClusterIssuer
  }

  @Required
  @Size(min = 1, max = 253)
  @Pattern(Patterns.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Name of the issuer (an Issuer must be in the fleet's namespace).")
  private String name;

  @Default("Issuer")
  @JsonPropertyDescription("Issuer (namespaced, default) or ClusterIssuer.")
  private Kind kind = Kind.Issuer;

  @Default("cert-manager.io")
  @Size(min = 1, max = 253)
  @Pattern(Patterns.DNS_SUBDOMAIN)
  @JsonPropertyDescription("API group of the issuer. Default cert-manager.io.")
  private String group = "cert-manager.io";
}
