package io.keyfleet.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The API server's request counters over a measured phase ({@link ApiServerMetrics}), as figures
 * per object of the phase: in all, mutating, by resource and verb, reads and error responses.
 */
public final class RequestFigures {
  static final Duration SETTLE_MAX = Duration.ofSeconds(60);
  static final Duration SETTLE_STEP = Duration.ofSeconds(2);

  private final Figures figures;
  private final ApiServerMetrics metrics;

  public RequestFigures(Figures figures, ApiServerMetrics metrics) {
    this.figures = figures;
    this.metrics = metrics;
  }

  public ApiServerMetrics.Counts scrape() {
    return metrics.scrape();
  }

  /**
   * After the phase's last event, waits until the API server sees (almost) no more mutating
   * requests, so trailing work (status counts, events) is in the figures; at most
   * {@link #SETTLE_MAX}. Puts "settleSeconds" and returns the counts since {@code before}.
   */
  public ApiServerMetrics.Counts settle(ApiServerMetrics.Counts before) throws InterruptedException {
    long start = System.nanoTime();
    ApiServerMetrics.Counts delta = scrape().minus(before);
    while (System.nanoTime() - start < SETTLE_MAX.toNanos()) {
      Thread.sleep(SETTLE_STEP.toMillis());
      ApiServerMetrics.Counts now = scrape().minus(before);
      boolean quiet = now.mutating() - delta.mutating() <= 2;
      delta = now;
      if (quiet) {
        break;
      }
    }
    figures.put("settleSeconds", Figures.round((System.nanoTime() - start) / 1e9, 1));
    return delta;
  }

  /**
   * Puts "apiRequestsPer<Unit>", "mutatingRequestsPer<Unit>" (the bench's own mutating requests
   * and its non-resource GETs left out), "requestsByVerb", "mutatingPer<Unit>ByResource" (the
   * bench's own included), "readRequests" and "errorResponses".
   *
   * @param objects the phase's objects: identities, devices
   * @param unit what one object is, capitalised for the keys: "Identity", "Device"
   * @param own the bench's own mutating requests in the phase
   * @param ownWhat what they are, for the printed lines, e.g. "2000 deviceidentities POSTs"
   */
  public void record(ApiServerMetrics.Counts delta, int objects, String unit, double own, String ownWhat) {
    String noun = unit.toLowerCase(java.util.Locale.ROOT);
    double total = delta.total() - own - delta.of("GET", "", "");
    double mutating = delta.mutating() - own;
    figures.put("apiRequestsPer" + unit, Figures.round(total / objects, 2))
        .put("mutatingRequestsPer" + unit, Figures.round(mutating / objects, 2));
    Map<String, Double> byVerb = new LinkedHashMap<>();
    delta.byVerb().forEach((verb, count) -> byVerb.put(verb, Figures.round(count, 0)));
    figures.put("requestsByVerb", byVerb);
    figures.line("API requests per %s, the bench's own %s and /metrics reads left out: %.2f in all, %.2f mutating",
        noun, ownWhat, total / objects, mutating / objects);
    figures.line("all requests in the phase by verb: %s", byVerb);
    figures.line("mutating requests by resource (counts; the bench's own %s included):", ownWhat);
    Map<String, Double> perObject = new LinkedHashMap<>();
    delta.mutatingByResource().entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> {
          figures.line("  %-40s %8.0f  %6.2f per %s", e.getKey(), e.getValue(), e.getValue() / objects, noun);
          perObject.put(e.getKey(), Figures.round(e.getValue() / objects, 3));
        });
    figures.put("mutatingPer" + unit + "ByResource", perObject);
    Map<String, Double> reads = new LinkedHashMap<>();
    delta.byKind().entrySet().stream()
        .filter(e -> !e.getKey().mutating())
        .collect(Collectors.groupingBy(e -> e.getKey().describe(), TreeMap::new, Collectors.summingDouble(Map.Entry::getValue)))
        .forEach((k, v) -> reads.put(k, Figures.round(v, 0)));
    figures.put("readRequests", reads);
    figures.line("other requests (counts): %s", reads);
    Map<String, Double> errors = new LinkedHashMap<>();
    delta.errors().forEach((k, v) -> errors.put(k, Figures.round(v, 0)));
    figures.put("errorResponses", errors);
    figures.line("requests answered with an error (counts): %s", errors.isEmpty() ? "none" : errors);
  }
}
