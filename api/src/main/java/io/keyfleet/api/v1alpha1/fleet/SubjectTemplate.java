package io.keyfleet.api.v1alpha1.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import lombok.Data;

/** The subject distinguished name of device certificates, as templates. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SubjectTemplate {
  @Default("'{deviceId}'")
  @Size(min = 1, max = 64)
  @JsonPropertyDescription("Common name. Default '{deviceId}'.")
  private String commonName = "{deviceId}";

  @Size(max = 64)
  @JsonPropertyDescription("Organization (O), e.g. the manufacturer.")
  private String organization;

  @Size(max = 64)
  @JsonPropertyDescription("Organizational unit (OU), e.g. '{model}'.")
  private String organizationalUnit;

  @Pattern("^[A-Z]{2}$")
  @JsonPropertyDescription("Two-letter ISO 3166 country code (C).")
  private String country;
}
