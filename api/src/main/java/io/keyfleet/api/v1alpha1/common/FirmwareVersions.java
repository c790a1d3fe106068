package io.keyfleet.api.v1alpha1.common;

import java.util.Comparator;

/**
 * Orders firmware versions as the API's pattern allows them ({@code v1.2.3}, {@code 2.4},
 * {@code 2.4.1-rc.1}): numeric parts compared as numbers (missing parts are 0), and a pre-release
 * before the release it precedes.
 */
public final class FirmwareVersions {
  public static final Comparator<String> ORDER = FirmwareVersions::compare;

  private FirmwareVersions() {}

  public static int compare(String a, String b) {
    String[] x = split(a);
    String[] y = split(b);
    String[] xs = x[0].split("\\.");
    String[] ys = y[0].split("\\.");
    for (int i = 0; i < Math.max(xs.length, ys.length); i++) {
      long p = i < xs.length ? Long.parseLong(xs[i]) : 0;
      long q = i < ys.length ? Long.parseLong(ys[i]) : 0;
      if (p != q) {
        return Long.compare(p, q);
      }
    }
    if (x[1] == null || y[1] == null) {
      return x[1] == null ? (y[1] == null ? 0 : 1) : -1;
    }
    return x[1].compareTo(y[1]);
  }

  /** Numeric part and pre-release (null for a release; build metadata is ignored). */
  private static String[] split(String version) {
    String v = version.startsWith("v") ? version.substring(1) : version;
    int plus = v.indexOf('+');
    if (plus >= 0) {
      v = v.substring(0, plus);
    }
    int dash = v.indexOf('-');
    return dash < 0 ? new String[] {v, null} : new String[] {v.substring(0, dash), v.substring(dash + 1)};
  }
}
