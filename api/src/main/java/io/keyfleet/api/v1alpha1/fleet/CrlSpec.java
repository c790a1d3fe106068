package io.keyfleet.api.v1alpha1.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.keyfleet.api.v1alpha1.common.Patterns;
import lombok.Data;

/** Publication of the fleet's certificate revocation list. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CrlSpec {
  @Pattern(Patterns.HTTP_URL)
  @JsonPropertyDescription(
      "URL at which relying parties fetch the CRL; issued certificates carry it as their CRL"
          + " distribution point. Default: the operator's CRL endpoint"
          + " (http://<operator service>/crl/<namespace>/<fleet>.crl).")
  private String url;

  @Default("24h")
  @Pattern(Patterns.POSITIVE_DURATION)
  @JsonPropertyDescription(
      "How far ahead each CRL's nextUpdate is set. The CRL is re-signed well before that and"
          + " within seconds of any revocation. Default 24h.")
  private String validity = "24h";
}
