package io.keyfleet.api.v1alpha1.campaign;

/** What a campaign does when a wave fails. */
public enum FailureAction {
  /** Stop assigning and wait for a person (set paused: false or edit the campaign). */
  Pause,
  /** Stop assigning for good; the campaign ends Aborted. */
  Abort,
  /** Sign a higher-sequence manifest pointing at the previous firmware and assign it back. */
  Rollback
}
