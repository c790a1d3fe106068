package io.keyfleet.api.v1alpha1;

/** Names shared by every Keyfleet resource. */
public final class KeyfleetApi {
  public static final String GROUP = "keyfleet.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  /** `kubectl get keyfleet` lists every Keyfleet kind. */
  public static final String CATEGORY = "keyfleet";

  /** Label on every object the operator creates: the fleet it belongs to. */
  public static final String LABEL_FLEET = "keyfleet.io/fleet";
  /** Label on device Secrets: the DeviceIdentity they belong to. */
  public static final String LABEL_DEVICE = "keyfleet.io/device";
  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "keyfleet-operator";

  private KeyfleetApi() {}
}
