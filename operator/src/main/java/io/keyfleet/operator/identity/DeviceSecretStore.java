package io.keyfleet.operator.identity;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.keyfleet.operator.cache.LeanItemStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The informer's store for device Secrets. It keeps each Secret as little more than its name, uid,
 * resource version, type and owner (no data: certificates, keys, data keys, and no labels or
 * annotations: most of a device's share of the operator's memory) and, beside it, the
 * {@link SecretFacts} the reconciler decides with, worked out once per Secret version:
 *
 * <ul>
 *   <li>for a version the operator wrote itself the facts are known ({@link #expect}), whether the
 *       watch event arrives before the write returns or after;
 *   <li>any other version is inspected (certificate parsed, CA signature and key pair checked) when
 *       the reconciler first asks for it; until then its data is held aside, at most
 *       {@value #MAX_PENDING} Secrets' worth, beyond which a Secret is inspected as it arrives.
 * </ul>
 */
public final class DeviceSecretStore extends BasicItemStore<Secret> {
  static final int MAX_PENDING = 2000;

  private final Map<String, SecretFacts> facts = new ConcurrentHashMap<>();
  private final Map<String, SecretFacts> expected = new ConcurrentHashMap<>();
  private final Map<String, Secret> pending = new ConcurrentHashMap<>();

  public DeviceSecretStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public Secret put(String key, Secret secret) {
    String uid = secret.getMetadata().getUid();
    String version = secret.getMetadata().getResourceVersion();
    SecretFacts known = expected.get(uid);
    if (known != null && Objects.equals(known.resourceVersion(), version)) {
      expected.remove(uid, known);
      facts.put(uid, known);
      pending.remove(uid);
    } else if (pending.size() < MAX_PENDING) {
      facts.remove(uid);
      pending.put(uid, withDataOnly(secret));
    } else {
      inspect(uid, secret);
    }
    Secret lean = lean(secret);
    SecretFacts f = facts.get(uid);
    if (f != null && Objects.equals(f.resourceVersion(), version)) {
      lean.getMetadata().setResourceVersion(f.resourceVersion()); // one String for both
    }
    return super.put(key, lean);
  }

  @Override
  public Secret remove(String key) {
    Secret removed = super.remove(key);
    if (removed != null) {
      String uid = removed.getMetadata().getUid();
      facts.remove(uid);
      expected.remove(uid);
      pending.remove(uid);
    }
    return removed;
  }

  /** Records the facts of a Secret version the operator has just written, so it is not inspected. */
  public void expect(Secret written, SecretFacts writtenFacts) {
    String uid = written.getMetadata().getUid();
    Secret arrived = pending.get(uid);
    if (arrived != null && Objects.equals(arrived.getMetadata().getResourceVersion(), writtenFacts.resourceVersion())) {
      facts.put(uid, writtenFacts); // the watch event came first
      pending.remove(uid, arrived);
      return;
    }
    expected.put(uid, writtenFacts);
  }

  /**
   * The facts of a cached Secret: known, or worked out from the data held aside. Should neither
   * match the cached version (a change arriving just now), the Secret is read whole with
   * {@code fetch} and inspected.
   */
  public Optional<SecretFacts> facts(Secret cached, Supplier<Secret> fetch) {
    if (cached == null) {
      return Optional.empty();
    }
    String uid = cached.getMetadata().getUid();
    String version = cached.getMetadata().getResourceVersion();
    SecretFacts f = facts.get(uid);
    if (f != null && Objects.equals(f.resourceVersion(), version)) {
      return Optional.of(f);
    }
    Secret held = pending.get(uid);
    if (held != null && Objects.equals(held.getMetadata().getResourceVersion(), version)) {
      return inspect(uid, held);
    }
    Secret full = fetch.get();
    return full == null ? Optional.empty() : SecretFacts.inspect(full);
  }

  /** Secrets whose data is held aside until they are inspected (for tests and metrics). */
  int pending() {
    return pending.size();
  }

  private Optional<SecretFacts> inspect(String uid, Secret secret) {
    Optional<SecretFacts> f = SecretFacts.inspect(secret);
    f.ifPresentOrElse(v -> facts.put(uid, v), () -> facts.remove(uid));
    pending.remove(uid);
    return f;
  }

  /** What inspection needs of a Secret: its data, annotations, type and version. */
  private static Secret withDataOnly(Secret secret) {
    Secret copy = new Secret();
    ObjectMeta meta = new ObjectMeta();
    meta.setUid(secret.getMetadata().getUid());
    meta.setResourceVersion(secret.getMetadata().getResourceVersion());
    meta.setAnnotations(secret.getMetadata().getAnnotations());
    copy.setMetadata(meta);
    copy.setType(secret.getType());
    LeanItemStore.withoutEmptyCollections(copy);
    copy.setData(secret.getData());
    return copy;
  }

  /**
   * A Secret as cached: name, namespace, uid, resource version, owner and type. The informer's
   * label selector picked it; the reconciler reads its facts, never its labels or annotations.
   */
  static Secret lean(Secret secret) {
    ObjectMeta meta = secret.getMetadata();
    ObjectMeta kept = new ObjectMeta();
    kept.setName(meta.getName());
    kept.setNamespace(LeanItemStore.shared(meta.getNamespace()));
    kept.setUid(LeanItemStore.shared(meta.getUid()));
    kept.setResourceVersion(meta.getResourceVersion());
    kept.setOwnerReferences(meta.getOwnerReferences());
    kept.setDeletionTimestamp(meta.getDeletionTimestamp());
    if (kept.getOwnerReferences() != null) {
      kept.getOwnerReferences().forEach(o -> {
        o.setApiVersion(LeanItemStore.shared(o.getApiVersion()));
        o.setKind(LeanItemStore.shared(o.getKind()));
        o.setName(LeanItemStore.shared(o.getName()));
        o.setUid(LeanItemStore.shared(o.getUid()));
      });
    }
    Secret lean = new Secret();
    lean.setMetadata(kept);
    lean.setType(secret.getType() == null ? null : LeanItemStore.shared(secret.getType()));
    return LeanItemStore.withoutEmptyCollections(lean);
  }
}
