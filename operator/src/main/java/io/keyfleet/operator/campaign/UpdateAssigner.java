package io.keyfleet.operator.campaign;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.keyfleet.api.v1alpha1.KeyfleetApi;
import io.keyfleet.api.v1alpha1.identity.UpdateAssignment;
import io.keyfleet.operator.status.Conditions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes update assignments ({@code DeviceIdentity.status.update}) with server-side apply under a
 * field manager of its own, {@value #FIELD_MANAGER}: the apply carries nothing but
 * {@code status.update}, so the device's certificate status (field manager keyfleet-operator) and
 * its connector's report (keyfleet-connector) are never touched, however the writes interleave.
 * Assignments are written in the background, in parallel; each is entered in the ledger before
 * its write starts (so no reconcile picks the device again meanwhile) and taken back if the write
 * fails.
 */
public final class UpdateAssigner implements AutoCloseable {
  public static final String FIELD_MANAGER = "keyfleet-campaigns";
  private static final Logger LOG = LoggerFactory.getLogger(UpdateAssigner.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final ResourceDefinitionContext DEVICES = new ResourceDefinitionContext.Builder()
      .withGroup(KeyfleetApi.GROUP).withVersion(KeyfleetApi.VERSION).withKind("DeviceIdentity").withPlural("deviceidentities")
      .withNamespaced(true).build();
  private static final PatchContext APPLY = new PatchContext.Builder()
      .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(FIELD_MANAGER).withForce(true).build();

  private final KubernetesClient client;
  private final DeviceLedger ledger;
  private final ExecutorService pool;

  public UpdateAssigner(KubernetesClient client, DeviceLedger ledger, int parallelism) {
    this.client = client;
    this.ledger = ledger;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(parallelism, r -> {
      Thread t = new Thread(r, "assigner-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** One device to assign, and what. */
  public record Job(DeviceLedger.Device device, DeviceLedger.Assignment assignment, String manifestRef, String manifestDigest) {}

  /**
   * Starts writing the assignments and returns at once; {@code done} runs after each write, with
   * whether it was written (false: the device was gone, or the write failed and was taken back).
   */
  public void submit(List<Job> jobs, java.util.function.Consumer<Boolean> done) {
    for (Job job : jobs) {
      ledger.assigned(job.device().uid(), job.assignment());
      CompletableFuture.supplyAsync(() -> write(job), pool).whenComplete((written, error) -> {
        if (error != null || !Boolean.TRUE.equals(written)) {
          ledger.failed(job.device(), job.assignment());
          if (error != null) {
            LOG.warn("assignment failed namespace={} name={} campaign={} error={}", job.device().namespace(), job.device().name(),
                job.assignment().campaign(), error.getMessage());
          }
        }
        done.accept(error == null && Boolean.TRUE.equals(written));
      });
    }
  }

  private boolean write(Job job) {
    var d = job.device();
    var a = job.assignment();
    UpdateAssignment update = new UpdateAssignment();
    update.setCampaign(a.campaign());
    update.setVersion(a.version());
    update.setSequence(a.sequence());
    update.setManifestRef(job.manifestRef());
    update.setManifestDigest(job.manifestDigest());
    update.setWave(a.wave());
    update.setRollback(a.rollback() ? Boolean.TRUE : null);
    update.setAssignedAt(Conditions.format(a.assignedAt()));
    // The object is given whole (a generic one holding status.update alone): Fabric8 then applies
    // it in one request, where withName(..).patch(context, String) would GET the device first.
    GenericKubernetesResource patch = new GenericKubernetesResource();
    patch.setApiVersion(KeyfleetApi.API_VERSION);
    patch.setKind("DeviceIdentity");
    patch.setMetadata(new ObjectMetaBuilder().withName(d.name()).withNamespace(d.namespace()).withUid(d.uid()).build());
    patch.setAdditionalProperty("status", Map.of("update", JSON.convertValue(update, Map.class)));
    try {
      client.genericKubernetesResources(DEVICES).inNamespace(d.namespace()).resource(patch).subresource("status").patch(APPLY);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 || e.getCode() == 409) {
        LOG.debug("device gone before its assignment namespace={} name={}", d.namespace(), d.name());
        return false; // deleted, or replaced by another object of that name (uid precondition)
      }
      throw e;
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
