package io.keyfleet.api.v1alpha1.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.Data;
import lombok.EqualsAndHashCode;

/** Progress of one wave. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@EqualsAndHashCode(callSuper = true)
public class WaveStatus extends DeviceTally {
  /** Where a wave is. */
  public enum State {
    Waiting,
    Rolling,
    Soaking,
    Passed,
    Failed
  }

  @JsonPropertyDescription("Position of the wave, from 0.")
  private int index;

  @JsonPropertyDescription("Waiting, Rolling, Soaking, Passed or Failed.")
  private State state;

  @JsonPropertyDescription("When the first device of the wave was assigned (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When the wave met its success threshold and its soak began (RFC 3339).")
  private String soakStartedAt;

  @JsonPropertyDescription("When the wave passed or failed (RFC 3339).")
  private String finishedAt;
}
