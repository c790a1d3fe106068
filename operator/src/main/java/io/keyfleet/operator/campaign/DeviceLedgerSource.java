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
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the {@link DeviceLedger} from a watch of DeviceIdentities and wakes the campaigns whose
 * devices changed (a report, an assignment, a revocation). The watch's own cache keeps a bare stub
 * of each device (name, namespace, uid and version: what the informer needs to tell changes and
 * deletions apart); the ledger holds what campaigns read, so the devices are not cached in full a
 * second time next to the identity controller's cache.
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
          wake(ledger.upsert(d));
        }

        @Override
        public void onUpdate(DeviceIdentity old, DeviceIdentity d) {
          wake(ledger.upsert(d));
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
   * What the watch's cache keeps of a device: its name, namespace, uid and version, enough for the
   * informer to tell changes and deletions apart. The ledger holds what campaigns read.
   */
  static DeviceIdentity lean(DeviceIdentity d) {
    DeviceIdentity s = new DeviceIdentity();
    ObjectMeta m = new ObjectMeta();
    m.setName(io.keyfleet.operator.cache.LeanItemStore.shared(d.getMetadata().getName()));
    m.setNamespace(io.keyfleet.operator.cache.LeanItemStore.shared(d.getMetadata().getNamespace()));
    m.setUid(io.keyfleet.operator.cache.LeanItemStore.shared(d.getMetadata().getUid()));
    m.setResourceVersion(d.getMetadata().getResourceVersion());
    s.setMetadata(m);
    s.setSpec(null); // a custom resource starts with an empty spec and status
    s.setStatus(null);
    return io.keyfleet.operator.cache.LeanItemStore.withoutEmptyCollections(s);
  }
}
