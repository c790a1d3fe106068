package io.keyfleet.operator.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.common.Condition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An informer store that drops what the operator never reads before caching an object:
 * managedFields (a large share of every object once several managers have written it) and kubectl's
 * last-applied-configuration annotation (a copy of the whole spec). It also makes the texts that
 * thousands of objects share (namespace, label and annotation keys and values, finalizers, owner
 * kinds, condition types and reasons) one String each instead of one per object: with
 * tens of thousands of devices these are a good part of the operator's heap.
 */
public final class LeanItemStore<T extends HasMetadata> extends BasicItemStore<T> {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  public LeanItemStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public T put(String key, T object) {
    leanMetadata(object);
    if (object instanceof DeviceIdentity device) {
      shareDeviceTexts(device);
    }
    return super.put(key, object);
  }

  /** Drops managedFields and the last-applied annotation, and shares the metadata's common texts. */
  public static <T extends HasMetadata> T leanMetadata(T object) {
    ObjectMeta meta = object.getMetadata();
    meta.setManagedFields(null);
    Map<String, String> annotations = meta.getAnnotations();
    if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
      annotations.remove(LAST_APPLIED);
    }
    meta.setNamespace(shared(meta.getNamespace()));
    // Name and uid: the same texts are kept by the device's Secret, the campaigns' ledger and the
    // tallies; one String for all of them.
    meta.setName(shared(meta.getName()));
    meta.setUid(shared(meta.getUid()));
    meta.setLabels(sharedMap(meta.getLabels(), true));
    meta.setAnnotations(sharedMap(meta.getAnnotations(), false));
    if (meta.getFinalizers() != null && !meta.getFinalizers().isEmpty()) {
      meta.setFinalizers(meta.getFinalizers().stream().map(LeanItemStore::shared).toList());
    }
    if (meta.getOwnerReferences() != null) {
      meta.getOwnerReferences().forEach(o -> {
        o.setApiVersion(shared(o.getApiVersion()));
        o.setKind(shared(o.getKind()));
        o.setName(shared(o.getName()));
        o.setUid(shared(o.getUid()));
      });
    }
    return object;
  }

  /**
   * The object with one shared, immutable empty map or list in place of each empty one the model
   * classes start with (labels, annotations, finalizers, owner references, managedFields,
   * additional properties; a Secret's data): a few hundred bytes each on the stubs the operator
   * makes to cache. Readers (the Java Operator SDK reads a cached object's annotations) still find
   * empty collections, never null.
   */
  public static <T extends HasMetadata> T withoutEmptyCollections(T object) {
    ObjectMeta meta = object.getMetadata();
    if (meta.getLabels() != null && meta.getLabels().isEmpty()) meta.setLabels(Map.of());
    if (meta.getAnnotations() != null && meta.getAnnotations().isEmpty()) meta.setAnnotations(Map.of());
    if (meta.getFinalizers() != null && meta.getFinalizers().isEmpty()) meta.setFinalizers(List.of());
    if (meta.getOwnerReferences() != null && meta.getOwnerReferences().isEmpty()) meta.setOwnerReferences(List.of());
    if (meta.getManagedFields() != null && meta.getManagedFields().isEmpty()) meta.setManagedFields(List.of());
    if (meta.getAdditionalProperties() != null && meta.getAdditionalProperties().isEmpty()) meta.setAdditionalProperties(Map.of());
    if (object instanceof io.fabric8.kubernetes.api.model.Secret secret) {
      if (secret.getData() != null && secret.getData().isEmpty()) secret.setData(Map.of());
      if (secret.getStringData() != null && secret.getStringData().isEmpty()) secret.setStringData(Map.of());
      if (secret.getAdditionalProperties() != null && secret.getAdditionalProperties().isEmpty()) secret.setAdditionalProperties(Map.of());
    }
    return object;
  }

  private static void shareDeviceTexts(DeviceIdentity device) {
    if (device.getSpec() != null) {
      device.getSpec().setModel(shared(device.getSpec().getModel()));
      if (device.getSpec().getFleetRef() != null) {
        device.getSpec().getFleetRef().setName(shared(device.getSpec().getFleetRef().getName()));
      }
    }
    if (device.getStatus() != null && device.getStatus().getConditions() != null) {
      List<Condition> conditions = device.getStatus().getConditions();
      for (Condition c : conditions) {
        c.setType(shared(c.getType()));
        c.setReason(shared(c.getReason()));
        c.setLastTransitionTime(shared(c.getLastTransitionTime()));
        // Messages name a time to the second (shared by devices issued in the same second) or
        // say the same thing for every device.
        c.setMessage(shared(c.getMessage()));
      }
    }
    if (device.getStatus() != null && device.getStatus().getCertificate() != null) {
      var certificate = device.getStatus().getCertificate();
      certificate.setNotBefore(shared(certificate.getNotBefore()));
      certificate.setNotAfter(shared(certificate.getNotAfter()));
      certificate.setKeyCreatedAt(shared(certificate.getKeyCreatedAt()));
    }
  }

  /**
   * One String for equal texts ({@link String#intern}: the JVM's string table, whose entries are
   * collected when nothing uses them any more).
   */
  public static String shared(String text) {
    return text == null ? null : text.intern();
  }

  /** The keys shared, and the values too when they are likely to repeat (labels, not annotations). */
  private static Map<String, String> sharedMap(Map<String, String> map, boolean values) {
    if (map == null || map.isEmpty()) {
      return map;
    }
    Map<String, String> out = new LinkedHashMap<>(map.size() * 2);
    map.forEach((k, v) -> out.put(shared(k), values ? shared(v) : v));
    return out;
  }
}
