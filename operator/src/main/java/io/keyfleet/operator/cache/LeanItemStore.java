package io.keyfleet.operator.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.Map;

/**
 * An informer store that drops what the operator never reads before caching an object:
 * managedFields (a large share of every object once several managers have written it) and kubectl's
 * last-applied-configuration annotation (a copy of the whole spec). With tens of thousands of
 * devices this is a good part of the operator's heap.
 */
public final class LeanItemStore<T extends HasMetadata> extends BasicItemStore<T> {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  public LeanItemStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public T put(String key, T object) {
    return super.put(key, leanMetadata(object));
  }

  /** Drops managedFields and the last-applied annotation from an object about to be cached. */
  public static <T extends HasMetadata> T leanMetadata(T object) {
    var meta = object.getMetadata();
    meta.setManagedFields(null);
    Map<String, String> annotations = meta.getAnnotations();
    if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
      annotations.remove(LAST_APPLIED);
    }
    return object;
  }
}
