package io.keyfleet.api.v1alpha1.common;

/** Condition types used across the Keyfleet kinds. */
public final class ConditionTypes {
  public static final String READY = "Ready";
  public static final String ISSUED = "Issued";
  public static final String RENEWAL_DUE = "RenewalDue";
  public static final String REVOKED = "Revoked";
  public static final String UPDATE_ASSIGNED = "UpdateAssigned";

  private ConditionTypes() {}
}
