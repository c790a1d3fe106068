package io.keyfleet.simulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulator's command line. Every option has a default except the fleet.
 *
 * @param namespace the fleet's namespace
 * @param fleet the DeviceFleet whose devices are played
 * @param create devices to enrol first (DeviceIdentities named prefix-000001 ...; existing ones are kept)
 * @param prefix name prefix of enrolled devices
 * @param models hardware models of enrolled devices with their weights
 * @param labels labels put on enrolled devices
 * @param installed the firmware each model runs at the start (key "*" for every model)
 * @param installTime mean time a device takes to install (each device takes 50 % to 150 % of it)
 * @param failureRates share of devices that fail to install each target version
 * @param offline share of devices that never answer
 * @param forged devices handed a manifest signed with a key that is not the fleet's
 * @param replayed devices handed an older genuine manifest for their model
 * @param otherModel devices handed a genuine manifest for another model
 * @param untilCampaign exit when this campaign has finished (empty: run until stopped)
 * @param timeout give up after this long
 * @param concurrency devices downloading and installing at once
 */
public record SimulatorOptions(
    String namespace, String fleet, int create, String prefix, Map<String, Integer> models, Map<String, String> labels,
    Map<String, String> installed, Duration installTime, Map<String, Double> failureRates, double offline, int forged,
    int replayed, int otherModel, String untilCampaign, Duration timeout, int concurrency) {

  public static final String USAGE = """
      usage: simulate --namespace NS --fleet NAME [options]
        --create N               enrol N devices first (default 0: play the fleet's existing devices)
        --prefix P               name prefix of enrolled devices (default dev)
        --models M=W,...         hardware models of enrolled devices and their weights (default pump-x2=1)
        --labels K=V,...         labels of enrolled devices
        --installed V | M=V,...  firmware the devices run at the start, for all or by model (default 1.0.0)
        --install-time D         mean install time, e.g. 2s, 500ms (default 1s)
        --fail V=R,...           share of devices failing to install version V (e.g. 2.4.1=0.02)
        --offline R              share of devices that never answer (default 0)
        --forged N               devices handed a manifest signed with another key (default 0)
        --replayed N             devices handed an older genuine manifest (default 0)
        --other-model N          devices handed a genuine manifest for another model (default 0)
        --until-campaign NAME    exit with a summary once this campaign has finished
        --timeout D              give up after D (default 30m)
        --concurrency N          devices downloading and installing at once (default 64)
      """;

  public static SimulatorOptions parse(String... args) {
    Map<String, String> given = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + a + "\n" + USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
      }
      given.put(a.substring(2), args[++i]);
    }
    var known = java.util.Set.of("namespace", "fleet", "create", "prefix", "models", "labels", "installed", "install-time", "fail",
        "offline", "forged", "replayed", "other-model", "until-campaign", "timeout", "concurrency");
    for (String k : given.keySet()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException("unknown option --" + k + "\n" + USAGE);
      }
    }
    String namespace = require(given, "namespace");
    String fleet = require(given, "fleet");
    Map<String, Integer> models = new LinkedHashMap<>();
    pairs(given.getOrDefault("models", "pump-x2=1"), "models").forEach((m, w) -> models.put(m, positiveInt(w, "--models " + m)));
    String installedText = given.getOrDefault("installed", "1.0.0");
    Map<String, String> installed = installedText.contains("=") ? pairs(installedText, "installed") : Map.of("*", installedText);
    Map<String, Double> rates = new LinkedHashMap<>();
    pairs(given.getOrDefault("fail", ""), "fail").forEach((v, r) -> rates.put(v, share(r, "--fail " + v)));
    return new SimulatorOptions(namespace, fleet, nonNegativeInt(given.getOrDefault("create", "0"), "--create"),
        given.getOrDefault("prefix", "dev"), models, pairs(given.getOrDefault("labels", ""), "labels"), installed,
        duration(given.getOrDefault("install-time", "1s"), "--install-time"), rates, share(given.getOrDefault("offline", "0"), "--offline"),
        nonNegativeInt(given.getOrDefault("forged", "0"), "--forged"), nonNegativeInt(given.getOrDefault("replayed", "0"), "--replayed"),
        nonNegativeInt(given.getOrDefault("other-model", "0"), "--other-model"), given.getOrDefault("until-campaign", ""),
        duration(given.getOrDefault("timeout", "30m"), "--timeout"), positiveInt(given.getOrDefault("concurrency", "64"), "--concurrency"));
  }

  /** The firmware a device of this model runs before any campaign. */
  public String installedVersion(String model) {
    return installed.getOrDefault(model, installed.getOrDefault("*", "1.0.0"));
  }

  private static String require(Map<String, String> given, String key) {
    String v = given.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--" + key + " is required\n" + USAGE);
    }
    return v;
  }

  static Map<String, String> pairs(String text, String option) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text.isBlank()) {
      return out;
    }
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new IllegalArgumentException("--" + option + ": expected KEY=VALUE, got " + pair);
      }
      out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return out;
  }

  static Duration duration(String text, String option) {
    try {
      Duration d;
      if (text.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      } else {
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        d = switch (text.charAt(text.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          default -> throw new NumberFormatException();
        };
      }
      if (d.isNegative()) {
        throw new NumberFormatException(); // -1s: Thread.sleep would refuse it in every install
      }
      return d;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(option + ": expected a duration such as 500ms, 2s, 5m or 1h, got " + text);
    }
  }

  private static double share(String text, String option) {
    try {
      double v = Double.parseDouble(text);
      if (!(v >= 0 && v <= 1)) { // NaN too
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": expected a share between 0 and 1, got " + text);
    }
  }

  private static int nonNegativeInt(String text, String option) {
    try {
      int v = Integer.parseInt(text);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": expected a whole number of 0 or more, got " + text);
    }
  }

  private static int positiveInt(String text, String option) {
    int v = nonNegativeInt(text, option);
    if (v == 0) {
      throw new IllegalArgumentException(option + ": must be at least 1");
    }
    return v;
  }
}
