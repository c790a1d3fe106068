package io.keyfleet.operator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.BooleanSupplier;

/**
 * The operator's meter registry, scraped in the Prometheus text format: the JVM and process meters
 * (memory, GC, threads, classes, CPU, file descriptors, uptime), the operator's leadership, and
 * whatever the framework and Keyfleet register on it. One per operator instance, never the global
 * registry: tests run several operators in one JVM.
 */
public final class OperatorMeters implements AutoCloseable {
  /** The content type of the text format {@link #scrape()} writes. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public OperatorMeters() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Registers {@code keyfleet_operator_leader}: 1 while {@code leading} says so, else 0. */
  public void leader(BooleanSupplier leading) {
    Gauge.builder(MetricNames.OPERATOR_LEADER, () -> leading.getAsBoolean() ? 1 : 0)
        .description(MetricNames.GAUGE_DESCRIPTIONS.get(MetricNames.OPERATOR_LEADER))
        .strongReference(true)
        .register(registry);
  }

  /** Every meter in the Prometheus text format (version 0.0.4). */
  public String scrape() {
    return registry.scrape(CONTENT_TYPE);
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
