package io.keyfleet.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.keyfleet.api.v1alpha1.KeyfleetApi;
import io.keyfleet.api.v1alpha1.identity.ReportedState;
import io.keyfleet.api.v1alpha1.identity.UpdateState;
import java.time.Instant;
import java.util.Map;

/**
 * What a device's connector writes: one server-side apply of {@code status.reported} alone, field
 * manager {@value #FIELD_MANAGER}, forced, as docs/concepts.md tells connectors to. Every
 * apply carries the whole report, so that server-side apply never drops a field the connector set
 * before. The apply is one PATCH request: the object is given whole, so the client does not GET
 * the device first (as Fabric8's {@code withName(..).patch(context, String)} does).
 */
public final class ConnectorReports {
  public static final String FIELD_MANAGER = "keyfleet-connector";
  static final ResourceDefinitionContext DEVICES = new ResourceDefinitionContext.Builder()
      .withGroup(KeyfleetApi.GROUP).withVersion(KeyfleetApi.VERSION).withKind("DeviceIdentity").withPlural("deviceidentities")
      .withNamespaced(true).build();
  private static final PatchContext APPLY = new PatchContext.Builder()
      .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(FIELD_MANAGER).withForce(true).build();

  private final KubernetesClient client;
  private final String namespace;

  public ConnectorReports(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** The device runs {@code version} and has no update in hand. */
  public void idle(String device, String version) {
    apply(device, report(version, UpdateState.Idle, null, null, null));
  }

  /** The same as {@link #idle}, with a message: the baseline's write, which no campaign reads. */
  public void idleWithMessage(String device, String version, String message) {
    apply(device, report(version, UpdateState.Idle, null, null, message));
  }

  /** The device is at {@code state} with the campaign's manifest {@code sequence}, running {@code version}. */
  public void progress(String device, String version, UpdateState state, String campaign, long sequence) {
    apply(device, report(version, state, campaign, sequence, null));
  }

  /** The device installed the campaign's {@code version} (manifest {@code sequence}) and runs it. */
  public void succeeded(String device, String version, String campaign, long sequence) {
    apply(device, report(version, UpdateState.Succeeded, campaign, sequence, null));
  }

  static ReportedState report(String version, UpdateState state, String campaign, Long sequence, String message) {
    ReportedState r = new ReportedState();
    r.setFirmwareVersion(version);
    r.setUpdateState(state);
    r.setCampaign(campaign);
    r.setSequence(sequence);
    r.setMessage(message);
    r.setObservedAt(Instant.now().toString());
    return r;
  }

  /** What is applied: apiVersion, kind, name and namespace, and status.reported alone. */
  GenericKubernetesResource body(String device, ReportedState reported) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(KeyfleetApi.API_VERSION);
    r.setKind("DeviceIdentity");
    r.setMetadata(new ObjectMetaBuilder().withName(device).withNamespace(namespace).build());
    r.setAdditionalProperty("status", Map.of("reported", reported));
    return r;
  }

  private void apply(String device, ReportedState reported) {
    try {
      client.genericKubernetesResources(DEVICES).inNamespace(namespace).resource(body(device, reported)).subresource("status").patch(APPLY);
    } catch (KubernetesClientException e) {
      throw new KubernetesClientException("status.reported apply to " + device + ": " + e.getMessage(), e.getCode(), e.getStatus());
    }
  }
}
