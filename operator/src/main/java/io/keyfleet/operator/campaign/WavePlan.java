package io.keyfleet.operator.campaign;

import io.keyfleet.api.v1alpha1.campaign.Wave;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * How many devices each wave takes, and in which order devices join. Sizes are fixed from the
 * eligible count when the rollout starts; the order is a hash of campaign and device id, so it
 * is the same after any restart and on any replica, and unrelated to names or creation order.
 */
public final class WavePlan {
  private WavePlan() {}

  /**
   * Wave sizes for {@code eligible} devices: a percent wave takes that share (rounded down, but at
   * least one device while any are left), a count wave that many; devices no wave covers join the
   * last one.
   */
  public static List<Integer> sizes(List<Wave> waves, int eligible) {
    List<Integer> sizes = new ArrayList<>();
    int left = eligible;
    for (int i = 0; i < waves.size(); i++) {
      if (i == waves.size() - 1) {
        sizes.add(left);
        break;
      }
      Wave w = waves.get(i);
      int want = w.getCount() != null ? w.getCount() : (int) Math.floor(eligible * w.getPercent() / 100.0);
      int size = Math.min(left, Math.max(want, left > 0 ? 1 : 0));
      sizes.add(size);
      left -= size;
    }
    return sizes;
  }

  /** A device's place in the campaign's order: lower joins earlier. */
  public static long rank(String campaignKey, String deviceId) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest((campaignKey + "\n" + deviceId).getBytes(StandardCharsets.UTF_8));
      long r = 0;
      for (int i = 0; i < 8; i++) {
        r = (r << 8) | (d[i] & 0xff);
      }
      return r >>> 1; // non-negative, so plain comparison orders it
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
