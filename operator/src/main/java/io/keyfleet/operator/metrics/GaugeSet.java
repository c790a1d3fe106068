package io.keyfleet.operator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Gauges whose series come and go with the objects they describe: each {@link #update} registers
 * the series that are new, sets every value, and removes the series that are no longer sampled
 * (their fleet or campaign was deleted), so a scrape never shows a stale series.
 */
final class GaugeSet {
  private record Key(String name, Tags tags) {}

  private static final class Value {
    volatile double value;
    Gauge gauge;

    double get() {
      return value;
    }
  }

  private final MeterRegistry registry;
  private final Map<String, String> descriptions;
  private final Map<Key, Value> series = new HashMap<>();

  /** @param descriptions the help text of each gauge name */
  GaugeSet(MeterRegistry registry, Map<String, String> descriptions) {
    this.registry = registry;
    this.descriptions = descriptions;
  }

  synchronized void update(Collection<GaugeSample> samples) {
    Set<Key> sampled = new HashSet<>();
    for (GaugeSample sample : samples) {
      Key key = new Key(sample.name(), sample.tags());
      sampled.add(key);
      Value value = series.computeIfAbsent(key, k -> {
        Value v = new Value();
        v.gauge = Gauge.builder(k.name(), v, Value::get).description(descriptions.get(k.name())).tags(k.tags()).strongReference(true)
            .register(registry);
        return v;
      });
      value.value = sample.value();
    }
    for (Iterator<Map.Entry<Key, Value>> it = series.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Value> e = it.next();
      if (!sampled.contains(e.getKey())) {
        registry.remove(e.getValue().gauge);
        it.remove();
      }
    }
  }
}
