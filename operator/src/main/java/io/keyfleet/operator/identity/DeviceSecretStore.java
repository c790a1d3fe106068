package io.keyfleet.operator.identity;

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
 * The informer's store for device Secrets. It keeps each Secret without its data (certificates,
 * keys, data keys: most of a device's share of the operator's memory) and, beside it, the
 * {@link SecretFacts} the reconciler decides with, worked out once per Secret version. For a
 * version the operator wrote itself the facts are known already ({@link #expect}); any other
 * version is inspected when it arrives, so a Secret changed by someone else is checked again.
 */
public final class DeviceSecretStore extends BasicItemStore<Secret> {
  private final Map<String, SecretFacts> facts = new ConcurrentHashMap<>();
  private final Map<String, SecretFacts> expected = new ConcurrentHashMap<>();

  public DeviceSecretStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public Secret put(String key, Secret secret) {
    String uid = secret.getMetadata().getUid();
    String version = secret.getMetadata().getResourceVersion();
    SecretFacts known = expected.get(uid);
    SecretFacts f;
    if (known != null && Objects.equals(known.resourceVersion(), version)) {
      expected.remove(uid, known);
      f = known;
    } else {
      f = SecretFacts.inspect(secret).orElse(null);
    }
    if (f == null) {
      facts.remove(uid);
    } else {
      facts.put(uid, f);
    }
    return super.put(key, lean(secret));
  }

  @Override
  public Secret remove(String key) {
    Secret removed = super.remove(key);
    if (removed != null) {
      facts.remove(removed.getMetadata().getUid());
      expected.remove(removed.getMetadata().getUid());
    }
    return removed;
  }

  /** Records the facts of a Secret version the operator has just written, so its event is not inspected again. */
  public void expect(Secret written, SecretFacts writtenFacts) {
    expected.put(written.getMetadata().getUid(), writtenFacts);
  }

  /**
   * The facts of a cached Secret. Should the cache hold another version than the facts (a change
   * arriving just now), the Secret is read whole with {@code fetch} and inspected.
   */
  public Optional<SecretFacts> facts(Secret cached, Supplier<Secret> fetch) {
    if (cached == null) {
      return Optional.empty();
    }
    SecretFacts f = facts.get(cached.getMetadata().getUid());
    if (f != null && Objects.equals(f.resourceVersion(), cached.getMetadata().getResourceVersion())) {
      return Optional.of(f);
    }
    Secret full = fetch.get();
    return full == null ? Optional.empty() : SecretFacts.inspect(full);
  }

  /** A Secret as cached: metadata and type, no data, no managedFields, no last-applied copy. */
  static Secret lean(Secret secret) {
    secret.setData(null);
    secret.setStringData(null);
    return LeanItemStore.leanMetadata(secret);
  }
}
