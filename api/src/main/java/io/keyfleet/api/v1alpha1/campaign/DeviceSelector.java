package io.keyfleet.api.v1alpha1.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.Data;

/** Selects DeviceIdentities by label, as a Kubernetes label selector does. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeviceSelector {
  @Size(max = 32)
  @JsonPropertyDescription("Labels a device must carry, all of them (key: value).")
  private Map<String, String> matchLabels = new LinkedHashMap<>();

  @Size(max = 32)
  @JsonPropertyDescription("Label requirements a device must meet, all of them.")
  private List<LabelRequirement> matchExpressions = new ArrayList<>();
}
