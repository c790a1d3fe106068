package io.keyfleet.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.identity.ReportedState;
import io.keyfleet.api.v1alpha1.identity.UpdateState;
import io.keyfleet.connector.UpdateReporter;
import java.time.Clock;
import java.time.Instant;

/**
 * What the benchmarks' simulated devices report, through the connector SDK's
 * {@link UpdateReporter} (one server-side apply of {@code status.reported} alone, field manager
 * keyfleet-connector), with the campaign and sequence given as the benchmark knows them.
 */
public final class ConnectorReports {
  public static final String FIELD_MANAGER = UpdateReporter.FIELD_MANAGER;

  private final UpdateReporter reporter;
  private final String namespace;

  public ConnectorReports(KubernetesClient client, String namespace) {
    this.reporter = new UpdateReporter(client, namespace, Clock.systemUTC());
    this.namespace = namespace;
  }

  /** The device runs {@code version} and has no update in hand. */
  public void idle(String device, String version) {
    reporter.idle(device, version);
  }

  /** The same as {@link #idle}, with a message: the baseline's write, which no campaign reads. */
  public void idleWithMessage(String device, String version, String message) {
    reporter.apply(device, report(version, UpdateState.Idle, null, null, message));
  }

  /** The device is at {@code state} with the campaign's manifest {@code sequence}, running {@code version}. */
  public void progress(String device, String version, UpdateState state, String campaign, long sequence) {
    reporter.apply(device, report(version, state, campaign, sequence, null));
  }

  /** The device installed the campaign's {@code version} (manifest {@code sequence}) and runs it. */
  public void succeeded(String device, String version, String campaign, long sequence) {
    reporter.apply(device, report(version, UpdateState.Succeeded, campaign, sequence, null));
  }

  static ReportedState report(String version, UpdateState state, String campaign, Long sequence, String message) {
    return UpdateReporter.report(version, state, campaign, sequence, message, Instant.now());
  }

  /** What is applied: apiVersion, kind, name and namespace, and status.reported alone. */
  GenericKubernetesResource body(String device, ReportedState reported) {
    return UpdateReporter.body(namespace, device, reported);
  }
}
