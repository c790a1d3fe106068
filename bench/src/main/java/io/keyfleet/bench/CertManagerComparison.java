package io.keyfleet.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The certmanager benchmark's verdict: Keyfleet's built-in CA against cert-manager at its defaults
 * and tuned, in throughput and in the controllers' peak resident memory, and the goals (at least 5x
 * the default's throughput, 2x the tuned one's, with less memory). Reported, never asserted.
 */
public final class CertManagerComparison {
  static final double GOAL_OVER_DEFAULT = 5;
  static final double GOAL_OVER_TUNED = 2;

  /**
   * One phase's headline figures.
   *
   * @param perSecond certificates Ready per second, first create to last Ready (NaN when none)
   * @param peakRssMiB the phase's controllers' peak resident sets, summed (NaN when not measured)
   */
  public record Phase(double perSecond, double peakRssMiB) {}

  private CertManagerComparison() {}

  /** The ratios and goal verdicts, as JSON-ready values (null where a figure is missing). */
  public static Map<String, Object> compare(Phase builtin, Phase certManagerDefault, Phase certManagerTuned, Phase throughCertManager,
      Phase intermediate) {
    Map<String, Object> out = new LinkedHashMap<>();
    double overDefault = builtin.perSecond() / certManagerDefault.perSecond();
    double overTuned = builtin.perSecond() / certManagerTuned.perSecond();
    double memoryDefault = builtin.peakRssMiB() / certManagerDefault.peakRssMiB();
    double memoryTuned = builtin.peakRssMiB() / certManagerTuned.peakRssMiB();
    out.put("builtinThroughputOverCertManagerDefault", value(overDefault, 2));
    out.put("builtinThroughputOverCertManagerTuned", value(overTuned, 2));
    out.put("builtinMemoryOverCertManagerDefault", value(memoryDefault, 2));
    out.put("builtinMemoryOverCertManagerTuned", value(memoryTuned, 2));
    out.put("throughCertManagerThroughputOverCertManagerTuned", value(throughCertManager.perSecond() / certManagerTuned.perSecond(), 2));
    out.put("throughCertManagerMemoryOverCertManagerTuned", value(throughCertManager.peakRssMiB() / certManagerTuned.peakRssMiB(), 2));
    out.put("intermediateThroughputOverCertManagerTuned", value(intermediate.perSecond() / certManagerTuned.perSecond(), 2));
    out.put("intermediateMemoryOverCertManagerTuned", value(intermediate.peakRssMiB() / certManagerTuned.peakRssMiB(), 2));
    out.put("goalThroughputOverDefaultMet", verdict(overDefault, GOAL_OVER_DEFAULT));
    out.put("goalThroughputOverTunedMet", verdict(overTuned, GOAL_OVER_TUNED));
    out.put("goalLessMemoryMet", Double.isNaN(memoryDefault) || Double.isNaN(memoryTuned) ? null : memoryDefault < 1 && memoryTuned < 1);
    return out;
  }

  private static Boolean verdict(double ratio, double goal) {
    return Double.isNaN(ratio) || Double.isInfinite(ratio) ? null : ratio >= goal;
  }

  private static Double value(double v, int decimals) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : Figures.round(v, decimals);
  }
}
