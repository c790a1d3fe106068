package io.keyfleet.operator.campaign;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.operator.cache.LeanItemStore;
import io.keyfleet.api.v1alpha1.common.ConditionTypes;
import io.keyfleet.api.v1alpha1.DeviceIdentityStatus;
import io.keyfleet.api.v1alpha1.DeviceIdentitySpec;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the {@link DeviceLedger} from a watch of DeviceIdentities and wakes the campaigns whose
 * devices changed (a report, an assignment, a revocation). The watch's own cache keeps a lean copy
 * of each device (see lean): what the ledger reads and what the informer hands back on a re-list,
 * but not the devices in full a second time next to the identity controller's cache.
 */
public final class DeviceLedgerSource extends AbstractEventSource<DeviceIdentity, UpdateCampaign> {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceLedgerSource.class);

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final DeviceLedger ledger;
  private final List<SharedIndexInformer<DeviceIdentity>> informers = new ArrayList<>();

  /** @param namespaces the namespaces to watch; empty for all */
  public DeviceLedgerSource(KubernetesClient client, Set<String> namespaces, DeviceLedger ledger) {
    super(DeviceIdentity.class, "device-ledger");
    this.client = client;
    this.namespaces = namespaces;
    this.ledger = ledger;
  }

  @Override
  public void start() throws OperatorException {
    var resources = client.resources(DeviceIdentity.class);
    if (namespaces.isEmpty()) {
      informers.add(resources.inAnyNamespace().runnableInformer(0));
    } else {
      namespaces.forEach(ns -> informers.add(resources.inNamespace(ns).runnableInformer(0)));
    }
    for (var informer : informers) {
      informer.itemStore(new BasicItemStore<>(Cache::metaNamespaceKeyFunc) {
        @Override
        public DeviceIdentity put(String key, DeviceIdentity d) {
          return super.put(key, lean(d));
        }
      });
      informer.addEventHandler(new ResourceEventHandler<>() {
        @Override
        public void onAdd(DeviceIdentity d) {
          if (d.getSpec() != null) { // never the cache's stub
            wake(ledger.upsert(d));
          }
        }

        @Override
        public void onUpdate(DeviceIdentity old, DeviceIdentity d) {
          if (d.getSpec() != null) {
            wake(ledger.upsert(d));
          }
        }

        @Override
        public void onDelete(DeviceIdentity d, boolean unknownFinalState) {
          wake(ledger.remove(d));
        }
      });
    }
    try {
      for (var informer : informers) {
        informer.start().toCompletableFuture().get();
      }
      // The listed devices reach the handlers asynchronously: campaigns plan their waves from the
      // ledger, so it must hold every device before the first campaign reconciles.
      long listed = informers.stream().mapToLong(i -> i.getStore().list().size()).sum();
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      while (ledger.size() < listed && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperatorException("interrupted while starting the device watch for campaigns", e);
    } catch (Exception e) {
      throw new OperatorException("the device watch for campaigns did not start", e);
    }
    LOG.info("device ledger started devices={}", ledger.size());
    super.start();
  }

  @Override
  public void stop() throws OperatorException {
    informers.forEach(SharedIndexInformer::stop);
    informers.clear();
    super.stop();
  }

  @Override
  public Set<DeviceIdentity> getSecondaryResources(UpdateCampaign campaign) {
    return Set.of();
  }

  private void wake(Set<String> campaignKeys) {
    if (!isRunning()) {
      return; // before start the ledger fills up; every campaign is reconciled once started
    }
    for (String key : campaignKeys) {
      int slash = key.indexOf('/');
      getEventHandler().handleEvent(new Event(new ResourceID(key.substring(slash + 1), key.substring(0, slash))));
    }
  }

  /**
   * What the watch's cache keeps of a device: what the ledger reads (the informer hands the cached
   * copy, not the listed object, to the handlers when it lists after a start or a lost watch), with
   * shared Strings, and nothing more: no CSR, no certificate facts, no managedFields.
   */
  static DeviceIdentity lean(DeviceIdentity d) {
    DeviceIdentity s = new DeviceIdentity();
    ObjectMeta m = new ObjectMeta();
    m.setName(LeanItemStore.shared(d.getMetadata().getName()));
    m.setNamespace(LeanItemStore.shared(d.getMetadata().getNamespace()));
    m.setUid(LeanItemStore.shared(d.getMetadata().getUid()));
    m.setResourceVersion(d.getMetadata().getResourceVersion());
    m.setGeneration(d.getMetadata().getGeneration());
    m.setLabels(d.getMetadata().getLabels());
    s.setMetadata(m);
    if (d.getSpec() != null) {
      DeviceIdentitySpec spec = new DeviceIdentitySpec();
      spec.setFleetRef(d.getSpec().getFleetRef());
      spec.setDeviceId(d.getSpec().getDeviceId());
      spec.setModel(LeanItemStore.shared(d.getSpec().getModel()));
      spec.setRevoked(d.getSpec().getRevoked());
      s.setSpec(spec);
    } else {
      s.setSpec(null);
    }
    if (d.getStatus() != null) {
      DeviceIdentityStatus status = new DeviceIdentityStatus();
      status.setConditions(d.getStatus().getConditions().stream().filter(c -> ConditionTypes.READY.equals(c.getType())).toList());
      status.setUpdate(d.getStatus().getUpdate());
      status.setReported(d.getStatus().getReported());
      s.setStatus(status);
    } else {
      s.setStatus(null);
    }
    LeanItemStore.leanMetadata(s);
    return LeanItemStore.withoutEmptyCollections(s);
  }
}
