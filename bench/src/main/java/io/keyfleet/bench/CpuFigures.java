package io.keyfleet.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** CPU milliseconds per object of a phase, by process, as {@code "<phase>CpuMsEach": {"operator": .., ..}}. */
public final class CpuFigures {
  private CpuFigures() {}

  /**
   * @param phase the key's prefix: "identity", "rawSecret", "campaign"
   * @param what what one object is, for the printed line: "identity (creates to settled)"
   */
  public static void record(Figures figures, String phase, String what, int objects, Map<String, Double> used) {
    Map<String, Double> perObject = new LinkedHashMap<>();
    used.forEach((name, ms) -> perObject.put(name, Figures.round(ms / objects, 2)));
    figures.put(phase + "CpuMsEach", perObject);
    figures.line("CPU per %s, ms: %s", what, perObject);
  }
}
