package io.keyfleet.operator.campaign;

import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.common.ConditionTypes;
import io.keyfleet.api.v1alpha1.identity.UpdateAssignment;
import io.keyfleet.api.v1alpha1.identity.UpdateState;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.status.Indexes;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The campaigns' incremental view of the devices: one compact record per DeviceIdentity, kept
 * current from watch events, indexed by fleet and by the campaign a device is assigned to. A
 * campaign reads its devices from here, never by listing the fleet from the API server.
 *
 * <p>An assignment the operator is writing, or has just written, is remembered until the watch
 * shows it, so a reconcile that runs before the event arrives never assigns the device again; if
 * the write fails it is taken back.
 */
public final class DeviceLedger {
  /** What campaigns need to know about a device. */
  public record Device(
      String uid, String namespace, String name, String fleet, String deviceId, String model, Map<String, String> labels,
      boolean revoked, boolean ready, String firmwareVersion, UpdateState reportedState, String reportedCampaign,
      Long reportedSequence, Assignment assignment) {
    public String fleetKey() {
      return Indexes.key(namespace, fleet);
    }

    /** The campaign key (namespace/name) the device is assigned to, or null. */
    public String campaignKey() {
      return assignment == null ? null : Indexes.key(namespace, assignment.campaign());
    }

    static Device of(DeviceIdentity d) {
      var status = d.getStatus();
      var reported = status == null ? null : status.getReported();
      UpdateAssignment u = status == null ? null : status.getUpdate();
      // Shared Strings: the same uid, name, fleet and model live in several caches at once.
      return new Device(
          shared(d.getMetadata().getUid()), shared(d.getMetadata().getNamespace()), shared(d.getMetadata().getName()),
          shared(d.getSpec().getFleetRef().getName()), d.getSpec().getDeviceId(), shared(d.getSpec().getModel()),
          d.getMetadata().getLabels() == null ? Map.of() : sharedLabels(d.getMetadata().getLabels()),
          Boolean.TRUE.equals(d.getSpec().getRevoked()),
          status != null && Conditions.isTrue(status.getConditions(), ConditionTypes.READY),
          reported == null ? null : reported.getFirmwareVersion(),
          reported == null ? null : reported.getUpdateState(),
          reported == null ? null : reported.getCampaign(),
          reported == null ? null : reported.getSequence(),
          Assignment.of(u));
    }

    private static String shared(String text) {
      return io.keyfleet.operator.cache.LeanItemStore.shared(text);
    }

    private static Map<String, String> sharedLabels(Map<String, String> labels) {
      Map<String, String> out = new java.util.HashMap<>();
      labels.forEach((k, v) -> out.put(shared(k), shared(v)));
      return Map.copyOf(out);
    }

    Device withAssignment(Assignment a) {
      return new Device(uid, namespace, name, fleet, deviceId, model, labels, revoked, ready, firmwareVersion, reportedState,
          reportedCampaign, reportedSequence, a);
    }
  }

  /** The update assigned to a device (status.update), compactly. */
  public record Assignment(String campaign, long sequence, String version, Instant assignedAt, int wave, boolean rollback) {
    static Assignment of(UpdateAssignment u) {
      if (u == null || u.getCampaign() == null || u.getSequence() == null) {
        return null;
      }
      return new Assignment(u.getCampaign(), u.getSequence(), u.getVersion(),
          u.getAssignedAt() == null ? null : Instant.parse(u.getAssignedAt()),
          u.getWave() == null ? 0 : u.getWave(), Boolean.TRUE.equals(u.getRollback()));
    }
  }

  private final Map<String, Device> byUid = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> byFleet = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> byCampaign = new ConcurrentHashMap<>();
  private final Map<String, Assignment> written = new ConcurrentHashMap<>();

  /** Takes in a device as the watch shows it; returns the campaigns whose view changed. */
  public Set<String> upsert(DeviceIdentity identity) {
    if (identity.getSpec() == null || identity.getSpec().getFleetRef() == null) {
      return Set.of();
    }
    Device seen = Device.of(identity);
    Assignment mine = written.get(seen.uid());
    if (mine != null) {
      if (seen.assignment() != null && seen.assignment().sequence() >= mine.sequence()) {
        written.remove(seen.uid(), mine); // the watch caught up with our write
      } else {
        seen = seen.withAssignment(mine);
      }
    }
    return put(seen);
  }

  /** Forgets a deleted device; returns the campaigns whose view changed. */
  public Set<String> remove(DeviceIdentity identity) {
    String uid = identity.getMetadata().getUid();
    written.remove(uid);
    Device old = byUid.remove(uid);
    if (old == null) {
      return Set.of();
    }
    unindex(byFleet, old.fleetKey(), uid);
    if (old.campaignKey() != null) {
      unindex(byCampaign, old.campaignKey(), uid);
      return Set.of(old.campaignKey());
    }
    return Set.of();
  }

  /** Records an assignment the operator is writing, before the watch shows it. */
  public void assigned(String uid, Assignment assignment) {
    written.put(uid, assignment);
    Device d = byUid.get(uid);
    if (d != null) {
      put(d.withAssignment(assignment));
    }
  }

  /**
   * Takes back an assignment whose write failed: the device is as it was before, unless the watch
   * has shown it changed since.
   */
  public void failed(Device before, Assignment assignment) {
    if (written.remove(before.uid(), assignment)) {
      Device now = byUid.get(before.uid());
      if (now != null && now.assignment() == assignment) {
        put(now.withAssignment(before.assignment()));
      }
    }
  }

  public Collection<Device> fleet(String fleetKey) {
    return devices(byFleet.get(fleetKey));
  }

  /** Devices assigned to a campaign (namespace/name), by any of its manifests. */
  public Collection<Device> assignedTo(String campaignKey) {
    return devices(byCampaign.get(campaignKey));
  }

  public int size() {
    return byUid.size();
  }

  private Set<String> put(Device d) {
    Device old = byUid.put(d.uid(), d);
    Set<String> changed = new HashSet<>();
    if (old != null && !old.fleetKey().equals(d.fleetKey())) {
      unindex(byFleet, old.fleetKey(), d.uid());
    }
    byFleet.computeIfAbsent(d.fleetKey(), k -> ConcurrentHashMap.newKeySet()).add(d.uid());
    if (old != null && old.campaignKey() != null && !old.campaignKey().equals(d.campaignKey())) {
      unindex(byCampaign, old.campaignKey(), d.uid());
      changed.add(old.campaignKey());
    }
    if (d.campaignKey() != null) {
      byCampaign.computeIfAbsent(d.campaignKey(), k -> ConcurrentHashMap.newKeySet()).add(d.uid());
      if (old == null || !Objects.equals(old, d)) {
        changed.add(d.campaignKey());
      }
    }
    return changed;
  }

  private static void unindex(Map<String, Set<String>> index, String key, String uid) {
    Set<String> uids = index.get(key);
    if (uids != null) {
      uids.remove(uid);
    }
  }

  private List<Device> devices(Set<String> uids) {
    if (uids == null) {
      return List.of();
    }
    return uids.stream().map(byUid::get).filter(Objects::nonNull).toList();
  }
}
