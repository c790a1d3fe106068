package io.keyfleet.api.v1alpha1.common;

/**
 * Regular expressions the CRD schemas enforce at admission. They are RE2-compatible (the API
 * server's dialect): no look-arounds, no back-references.
 */
public final class Patterns {
  /** A Kubernetes object name (RFC 1123 subdomain). */
  public static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A positive duration such as {@code 90d}, {@code 720h} or {@code 1h30m}; units ms, s, m, h, d. */
  public static final String POSITIVE_DURATION = "^([1-9][0-9]*(ms|s|m|h|d))+$";

  /** A duration that may be zero ({@code 0} or {@code 0s}), otherwise as {@link #POSITIVE_DURATION}. */
  public static final String DURATION = "^(0|([0-9]+(ms|s|m|h|d))+)$";

  /** A stable hardware serial: letters, digits and {@code . _ : -}, starting and ending alphanumeric. */
  public static final String DEVICE_ID = "^[A-Za-z0-9]([A-Za-z0-9._:-]{0,126}[A-Za-z0-9])?$";

  /** A hardware model or class identifier. */
  public static final String MODEL = "^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$";

  /** A firmware version: dotted numbers with an optional pre-release or build suffix. */
  public static final String FIRMWARE_VERSION = "^v?[0-9]+(\\.[0-9]+){0,3}([-+][0-9A-Za-z.-]+)?$";

  /** An OCI repository without tag or digest, e.g. {@code registry.example.com:5000/fleet/pumps}. */
  public static final String OCI_REPOSITORY =
      "^[A-Za-z0-9.-]+(:[0-9]+)?(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)+$";

  /** An OCI artifact reference with a tag, a digest, or both. */
  public static final String OCI_REFERENCE =
      "^[A-Za-z0-9.-]+(:[0-9]+)?(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)+"
          + "((:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})(@sha256:[a-f0-9]{64})?|@sha256:[a-f0-9]{64})$";

  /** A five-field cron expression or one of the {@code @daily}-style macros. */
  public static final String CRON =
      "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(\\S+\\s+){4}\\S+)$";

  /** An IANA time-zone name such as {@code Europe/Berlin} or {@code UTC}. */
  public static final String TIME_ZONE = "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$";

  /** An http(s) URL. */
  public static final String HTTP_URL = "^https?://[^\\s]+$";

  private Patterns() {}
}
