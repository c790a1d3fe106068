package io.keyfleet.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Watches one UpdateCampaign (an informer started before it is created) and keeps, stamped with
 * System.nanoTime() on arrival: when each phase was first seen, every rise of
 * {@code status.totals.succeeded}, how many versions of the object were seen, and the latest one.
 */
public final class CampaignWatch implements AutoCloseable {
  /** {@code status.totals.succeeded} rose to {@code succeeded} in the event received at {@code nanos}. */
  public record Count(long nanos, long succeeded) {}

  private final String name;
  private final Map<CampaignPhase, Long> phaseSeen = new EnumMap<>(CampaignPhase.class);
  private final List<Count> counts = new ArrayList<>();
  private final SharedIndexInformer<UpdateCampaign> informer;
  private UpdateCampaign latest;
  private int versions;

  public CampaignWatch(KubernetesClient client, String namespace, String name) {
    this.name = name;
    this.informer = client.resources(UpdateCampaign.class).inNamespace(namespace).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(UpdateCampaign c) {
        seen(c, System.nanoTime());
      }

      @Override
      public void onUpdate(UpdateCampaign old, UpdateCampaign c) {
        seen(c, System.nanoTime());
      }

      @Override
      public void onDelete(UpdateCampaign c, boolean finalStateUnknown) {}
    }, 0);
  }

  synchronized void seen(UpdateCampaign c, long nanos) {
    if (!name.equals(c.getMetadata().getName())) {
      return;
    }
    latest = c;
    versions++;
    var status = c.getStatus();
    if (status == null) {
      return;
    }
    if (status.getPhase() != null) {
      phaseSeen.putIfAbsent(status.getPhase(), nanos);
    }
    long succeeded = status.getTotals() == null ? 0 : status.getTotals().getSucceeded();
    if (succeeded > succeeded()) {
      counts.add(new Count(nanos, succeeded));
    }
  }

  /** The highest {@code status.totals.succeeded} seen. */
  public synchronized long succeeded() {
    return counts.isEmpty() ? 0 : counts.get(counts.size() - 1).succeeded();
  }

  /** Every rise of the succeeded count, in order. */
  public synchronized List<Count> counts() {
    return List.copyOf(counts);
  }

  /** When the phase was first seen, or 0. */
  public synchronized long phaseSeen(CampaignPhase phase) {
    return phaseSeen.getOrDefault(phase, 0L);
  }

  public synchronized Map<CampaignPhase, Long> phases() {
    return new EnumMap<>(phaseSeen);
  }

  /** The campaign as last seen, or null. */
  public synchronized UpdateCampaign latest() {
    return latest;
  }

  public synchronized CampaignPhase phase() {
    return latest == null || latest.getStatus() == null ? null : latest.getStatus().getPhase();
  }

  /** Versions of the campaign the watch delivered (its creation and each write). */
  public synchronized int versions() {
    return versions;
  }

  @Override
  public void close() {
    informer.close();
  }
}
