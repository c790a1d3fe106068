package io.keyfleet.connector;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.keyfleet.api.v1alpha1.KeyfleetApi;
import io.keyfleet.api.v1alpha1.identity.ReportedState;
import io.keyfleet.api.v1alpha1.identity.UpdateAssignment;
import io.keyfleet.api.v1alpha1.identity.UpdateState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Reports what a device did to its DeviceIdentity's {@code status.reported}: one server-side apply
 * of that field alone, field manager {@value #FIELD_MANAGER}, forced, so that the operator's own
 * status writes and this report never overwrite each other. Every apply carries the whole report
 * (server-side apply would drop a field this manager set before and left out now), and the object
 * is given whole, so the client makes one request and does not read the device first.
 */
public final class UpdateReporter {
  public static final String FIELD_MANAGER = "keyfleet-connector";
  static final long NOT_FOUND_PATIENCE_SECONDS = 30;
  static final ResourceDefinitionContext DEVICES = new ResourceDefinitionContext.Builder()
      .withGroup(KeyfleetApi.GROUP).withVersion(KeyfleetApi.VERSION).withKind("DeviceIdentity").withPlural("deviceidentities")
      .withNamespaced(true).build();
  private static final PatchContext APPLY = new PatchContext.Builder()
      .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(FIELD_MANAGER).withForce(true).build();

  private final KubernetesClient client;
  private final String namespace;
  private final Clock clock;

  public UpdateReporter(KubernetesClient client, String namespace, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.clock = clock;
  }

  /** The device runs {@code version} and has nothing in hand. */
  public void idle(String device, String version) {
    apply(device, report(version, UpdateState.Idle, null, null, null));
  }

  /** The device is downloading or installing the assigned update, still running {@code running}. */
  public void progress(String device, String running, UpdateState state, UpdateAssignment assignment) {
    apply(device, report(running, state, assignment.getCampaign(), assignment.getSequence(), null));
  }

  /** The device installed the assigned update and runs its version. */
  public void succeeded(String device, UpdateAssignment assignment) {
    apply(device, report(assignment.getVersion(), UpdateState.Succeeded, assignment.getCampaign(), assignment.getSequence(), null));
  }

  /** The install failed; the device still runs {@code running}. */
  public void failed(String device, String running, UpdateAssignment assignment, String why) {
    apply(device, report(running, UpdateState.Failed, assignment.getCampaign(), assignment.getSequence(), why));
  }

  /** The update was refused by verification: nothing was installed. */
  public void rejected(String device, String running, UpdateAssignment assignment, Verdict verdict) {
    apply(device, report(running, UpdateState.Rejected, assignment.getCampaign(), assignment.getSequence(),
        verdict.refusal().map(r -> r.name() + ": ").orElse("") + verdict.message()));
  }

  /** A report as it is applied, observed now. */
  public ReportedState report(String version, UpdateState state, String campaign, Long sequence, String message) {
    return report(version, state, campaign, sequence, message, clock.instant());
  }

  /** A report as it is applied, observed at the given time. */
  public static ReportedState report(String version, UpdateState state, String campaign, Long sequence, String message, Instant observedAt) {
    ReportedState r = new ReportedState();
    r.setFirmwareVersion(version);
    r.setUpdateState(state);
    r.setCampaign(campaign);
    r.setSequence(sequence);
    r.setMessage(message);
    r.setObservedAt(observedAt.toString());
    return r;
  }

  /** What is applied: apiVersion, kind, name and namespace, and status.reported alone. */
  public static GenericKubernetesResource body(String namespace, String device, ReportedState reported) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(KeyfleetApi.API_VERSION);
    r.setKind("DeviceIdentity");
    r.setMetadata(new ObjectMetaBuilder().withName(device).withNamespace(namespace).build());
    r.setAdditionalProperty("status", Map.of("reported", reported));
    return r;
  }

  /**
   * Applies a report, retrying while the API server cannot be reached or is overloaded (a restart,
   * an upgrade), with backoff from 250 ms to 5 s, until {@code patience} has passed: a report is
   * not lost to a short outage. Returns false when the device no longer exists (nothing to report
   * to); throws when the API server refuses the report for good (4xx) or stays away.
   *
   * <p>A 404 is believed only after {@value #NOT_FOUND_PATIENCE_SECONDS} s of them: an API server
   * that has just started answers 404 for custom resources until it has loaded their definitions.
   */
  public boolean applyReliably(String device, ReportedState reported, Duration patience) {
    long start = System.nanoTime();
    long deadline = start + patience.toNanos();
    long backoff = 250;
    while (true) {
      try {
        apply(device, reported);
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404 && System.nanoTime() - start > NOT_FOUND_PATIENCE_SECONDS * 1_000_000_000L) {
          return false;
        }
        boolean transient_ = e.getCode() == 0 || e.getCode() == 404 || e.getCode() == 429 || e.getCode() >= 500;
        if (!transient_ || System.nanoTime() + backoff * 1_000_000 > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KubernetesClientException("interrupted while reporting to " + device);
      }
      backoff = Math.min(5000, backoff * 2);
    }
  }

  /** Applies a report to a device of this reporter's namespace. */
  public void apply(String device, ReportedState reported) {
    try {
      client.genericKubernetesResources(DEVICES).inNamespace(namespace).resource(body(namespace, device, reported)).subresource("status")
          .patch(APPLY);
    } catch (KubernetesClientException e) {
      throw new KubernetesClientException("status.reported apply to " + device + ": " + e.getMessage(), e.getCode(), e.getStatus());
    }
  }
}
