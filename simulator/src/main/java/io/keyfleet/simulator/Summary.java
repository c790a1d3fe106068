package io.keyfleet.simulator;

import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the simulator prints at the end: counts, refusals with their devices, the campaign's phase. */
record Summary(SimulatorOptions options, Progress progress, List<DeviceResult> tampered, Map<String, Long> refusals,
    CampaignPhase phase, Duration took) {

  static Summary of(SimulatorOptions options, Progress progress, Map<String, DeviceResult> results, CampaignPhase phase, Duration took) {
    List<DeviceResult> tampered = new ArrayList<>(results.values().stream().filter(r -> r.tamper() != null).toList());
    tampered.sort(java.util.Comparator.comparing(DeviceResult::device));
    return new Summary(options, progress, tampered, SimulatorMain.refusals(results), phase, took);
  }

  void print(PrintStream out) {
    out.printf("fleet %s/%s: %s%n", options.namespace(), options.fleet(), progress.line());
    if (!options.untilCampaign().isEmpty()) {
      out.printf("campaign %s: %s%n", options.untilCampaign(), phase == null ? "not found" : phase);
    }
    refusals.forEach((reason, n) -> out.printf("refused %s: %d device(s)%n", reason, n));
    for (DeviceResult r : tampered) {
      out.printf("tampered %s (%s): handed a %s manifest -> %s%s%n", r.device(), r.model(), r.tamper(), r.state(),
          r.refusal() == null ? "" : " " + r.refusal());
    }
    out.printf("took %.1f s%n", took.toMillis() / 1000.0);
    out.println(json());
  }

  String json() {
    StringBuilder b = new StringBuilder("{\"namespace\":\"").append(options.namespace()).append("\",\"fleet\":\"").append(options.fleet())
        .append("\",\"devices\":").append(progress.devices());
    Map<String, Integer> states = new TreeMap<>();
    progress.counts().forEach((s, n) -> states.put(s.name().toLowerCase(java.util.Locale.ROOT), n));
    b.append(",\"states\":{");
    b.append(String.join(",", states.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue()).toList()));
    b.append("},\"refusals\":{");
    b.append(String.join(",", refusals.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue()).toList()));
    b.append("},\"tampered\":[");
    b.append(String.join(",", tampered.stream().map(r -> "{\"device\":\"" + r.device() + "\",\"tamper\":\"" + r.tamper() + "\",\"state\":\""
        + r.state() + "\",\"refusal\":" + (r.refusal() == null ? "null" : "\"" + r.refusal() + "\"") + "}").toList()));
    b.append("]");
    if (!options.untilCampaign().isEmpty()) {
      b.append(",\"campaign\":\"").append(options.untilCampaign()).append("\",\"phase\":").append(phase == null ? "null" : "\"" + phase + "\"");
    }
    b.append(",\"seconds\":").append(String.format(java.util.Locale.ROOT, "%.1f", took.toMillis() / 1000.0)).append('}');
    return b.toString();
  }
}
