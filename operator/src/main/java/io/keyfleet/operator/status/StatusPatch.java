package io.keyfleet.operator.status;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.keyfleet.api.v1alpha1.common.Condition;
import io.keyfleet.api.v1alpha1.common.ConditionTypes;
import io.keyfleet.api.v1alpha1.common.KeyfleetStatus;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a desired status into the reconcile's result: a server-side-apply patch of the status
 * subresource when it differs from the current one, nothing otherwise. The patch object carries
 * only name, namespace and the fields the operator owns, so fields other managers own (a
 * connector's status.reported) are never touched.
 */
public final class StatusPatch {
  /** The field manager of every write the operator makes. */
  public static final String FIELD_MANAGER = "keyfleet-operator";

  private static final Logger LOG = LoggerFactory.getLogger(StatusPatch.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private StatusPatch() {}

  /** A deep copy, to derive a desired status from without touching the cached object. */
  public static <S> S copy(S status) {
    return status == null ? null : SERIALIZATION.clone(status);
  }

  public static <S extends KeyfleetStatus, R extends CustomResource<?, S>> UpdateControl<R> ifChanged(
      R current, S currentOwned, S desired, Supplier<R> factory) {
    R patch = patchIfChanged(current, currentOwned, desired, factory);
    return patch == null ? UpdateControl.noUpdate() : UpdateControl.patchStatus(patch);
  }

  /**
   * The object to apply to the status subresource when the desired status differs from the
   * current one (name, namespace and the owned status only), or null when nothing changed.
   */
  public static <S extends KeyfleetStatus, R extends CustomResource<?, S>> R patchIfChanged(
      R current, S currentOwned, S desired, Supplier<R> factory) {
    if (Objects.equals(currentOwned, desired)) {
      return null;
    }
    logReadyChange(current, currentOwned, desired);
    R patch = factory.get();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(current.getMetadata().getName())
            .withNamespace(current.getMetadata().getNamespace())
            .build());
    patch.setStatus(desired);
    return patch;
  }

  private static void logReadyChange(CustomResource<?, ?> resource, KeyfleetStatus before, KeyfleetStatus after) {
    Condition was = before == null ? null : Conditions.find(before.getConditions(), ConditionTypes.READY).orElse(null);
    Condition now = Conditions.find(after.getConditions(), ConditionTypes.READY).orElse(null);
    if (now == null || (was != null && was.getStatus() == now.getStatus() && Objects.equals(was.getReason(), now.getReason()))) {
      return;
    }
    LOG.info(
        "status changed kind={} namespace={} name={} generation={} ready={} reason={}",
        resource.getKind(),
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        resource.getMetadata().getGeneration(),
        now.getStatus(),
        now.getReason());
  }
}
