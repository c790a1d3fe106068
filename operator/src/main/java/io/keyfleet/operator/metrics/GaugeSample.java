package io.keyfleet.operator.metrics;

import io.micrometer.core.instrument.Tags;

/** One gauge series and its value now. */
public record GaugeSample(String name, Tags tags, double value) {
  public static GaugeSample of(String name, double value, String... tags) {
    return new GaugeSample(name, Tags.of(tags), value);
  }
}
