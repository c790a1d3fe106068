package io.keyfleet.bench;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one run: printed for a person as they are found, and collected for the JSON
 * object that is the last line of standard output.
 */
public final class Figures {
  private final Map<String, Object> json = new LinkedHashMap<>();
  private final PrintStream out;

  public Figures(PrintStream out) {
    this.out = out;
  }

  public Figures put(String key, Object value) {
    if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
      value = null;
    }
    json.put(key, value);
    return this;
  }

  public void line(String format, Object... args) {
    out.printf(format + "%n", args);
    out.flush();
  }

  public Object get(String key) {
    return json.get(key);
  }

  /** New figures printed to the same stream and collected apart: a part of this run's JSON (the certmanager benchmark's phases). */
  public Figures part() {
    return new Figures(out);
  }

  /** The figures collected so far, in order: a part of another run's JSON (the certmanager benchmark's phases). */
  public Map<String, Object> asMap() {
    return json;
  }

  /** The JSON object, on one line. */
  public String toJson() {
    return new KubernetesSerialization().asJson(json);
  }

  public static double round(double value, int decimals) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return value;
    }
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
