package io.keyfleet.api.v1alpha1.campaign;

/** Where a campaign is in its life. */
public enum CampaignPhase {
  Pending,
  Publishing,
  Rolling,
  Paused,
  Succeeded,
  Failed,
  Aborted,
  RollingBack,
  RolledBack
}
