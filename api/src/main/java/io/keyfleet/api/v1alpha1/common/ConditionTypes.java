package io.keyfleet.api.v1alpha1.common;

/** Condition types used across the Keyfleet kinds. */
public final class ConditionTypes {
  public static final String READY = "Ready";
  public static final String ISSUED = "Issued";
  public static final String RENEWAL_DUE = "RenewalDue";
  public static final String REVOKED = "Revoked";
  public static final String UPDATE_ASSIGNED = "UpdateAssigned";
  /** A referenced object (fleet, policy, secret) exists and is usable. */
  public static final String REFERENCES_RESOLVED = "ReferencesResolved";

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private ConditionTypes() {}
}
