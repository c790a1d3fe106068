package io.keyfleet.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kube-apiserver's own count of requests it served: the counter {@code apiserver_request_total}
 * from its /metrics (Prometheus text), by verb, resource, subresource and response code.
 */
public final class ApiServerMetrics {
  static final String COUNTER = "apiserver_request_total";
  /**
   * Verbs that change state. APPLY is a PATCH with the server-side-apply content type (the API
   * server counts it apart); DELETECOLLECTION a DELETE of many.
   */
  public static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "APPLY", "DELETE", "DELETECOLLECTION");

  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One kind of request: what it did to which resource, and the response's HTTP code. */
  public record Kind(String verb, String group, String resource, String subresource, String code) {
    /** e.g. "deviceidentities/status APPLY" or "events.k8s.io events POST". */
    public String describe() {
      String what = resource.isEmpty() ? "(non-resource)" : resource;
      if (!subresource.isEmpty()) {
        what += "/" + subresource;
      }
      return what + " " + verb;
    }

    public boolean mutating() {
      return MUTATING.contains(verb);
    }
  }

  /** Request counts by kind at one moment, or the difference between two moments. */
  public record Counts(Map<Kind, Double> byKind) {
    public Counts minus(Counts before) {
      Map<Kind, Double> out = new HashMap<>();
      byKind.forEach((k, v) -> {
        double d = v - before.byKind.getOrDefault(k, 0.0);
        if (d != 0) {
          out.put(k, d);
        }
      });
      return new Counts(out);
    }

    public double total() {
      return byKind.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public double mutating() {
      return byKind.entrySet().stream().filter(e -> e.getKey().mutating()).mapToDouble(Map.Entry::getValue).sum();
    }

    public double of(String verb, String resource, String subresource) {
      return byKind.entrySet().stream()
          .filter(e -> e.getKey().verb().equals(verb) && e.getKey().resource().equals(resource)
              && e.getKey().subresource().equals(subresource))
          .mapToDouble(Map.Entry::getValue).sum();
    }

    /** Mutating requests of any verb to one resource and subresource, e.g. updatecampaigns/status. */
    public double mutatingOf(String resource, String subresource) {
      return byKind.entrySet().stream()
          .filter(e -> e.getKey().mutating() && e.getKey().resource().equals(resource) && e.getKey().subresource().equals(subresource))
          .mapToDouble(Map.Entry::getValue).sum();
    }

    public Map<String, Double> byVerb() {
      Map<String, Double> out = new TreeMap<>();
      byKind.forEach((k, v) -> out.merge(k.verb(), v, Double::sum));
      return out;
    }

    /** Requests answered with an error (HTTP 400 and above) by "resource[/subresource] VERB CODE". */
    public Map<String, Double> errors() {
      Map<String, Double> out = new TreeMap<>();
      byKind.forEach((k, v) -> {
        if (k.code().compareTo("400") >= 0 && k.code().length() == 3) {
          out.merge(k.describe() + " " + k.code(), v, Double::sum);
        }
      });
      return out;
    }

    /** Mutating requests by "resource[/subresource] VERB". */
    public Map<String, Double> mutatingByResource() {
      Map<String, Double> out = new TreeMap<>();
      byKind.forEach((k, v) -> {
        if (k.mutating()) {
          out.merge(k.describe(), v, Double::sum);
        }
      });
      return out;
    }
  }

  private final KubernetesClient client;

  public ApiServerMetrics(KubernetesClient client) {
    this.client = client;
  }

  /** Reads /metrics now (the admin client is allowed to). */
  public Counts scrape() {
    String text = client.raw("/metrics");
    if (text == null) {
      throw new IllegalStateException("the API server answered /metrics with nothing (is the client an admin?)");
    }
    return parse(text);
  }

  /** Parses the Prometheus text format; only {@value #COUNTER} samples are kept. */
  public static Counts parse(String text) {
    Map<Kind, Double> out = new HashMap<>();
    for (String line : text.split("\n")) {
      if (!line.startsWith(COUNTER + "{")) {
        continue;
      }
      int close = line.lastIndexOf('}');
      if (close < 0) {
        continue;
      }
      Map<String, String> labels = new HashMap<>();
      Matcher m = LABEL.matcher(line.substring(COUNTER.length() + 1, close));
      while (m.find()) {
        labels.put(m.group(1), m.group(2));
      }
      String[] rest = line.substring(close + 1).trim().split("\\s+");
      double value = Double.parseDouble(rest[0]);
      Kind kind = new Kind(labels.getOrDefault("verb", ""), labels.getOrDefault("group", ""),
          labels.getOrDefault("resource", ""), labels.getOrDefault("subresource", ""), labels.getOrDefault("code", ""));
      out.merge(kind, value, Double::sum);
    }
    return new Counts(out);
  }
}
