package io.keyfleet.operator.revocation;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.keyfleet.api.v1alpha1.common.Durations;
import io.keyfleet.operator.metrics.KeyfleetMetrics;
import io.keyfleet.operator.pki.CrlSigner;
import io.keyfleet.operator.pki.CrlBuilder;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.pki.RevokedEntry;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each fleet's CRL: a durable list of revoked serials and a CRL signed by the fleet CA, both
 * in the fleet's CRL ConfigMap. Revocations are merged into the list and a new CRL (next CRL
 * number) is signed and written in the same update, so the CRL never lags the list. Writes are
 * optimistic: on a conflict the list is re-read and merged again.
 */
public final class CrlPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(CrlPublisher.class);

  private final KubernetesClient client;
  private final KeyfleetMetrics metrics;
  private final Clock clock;
  private final Map<String, FleetQueue> queues = new ConcurrentHashMap<>();

  /**
   * Revocations waiting for the next CRL of a fleet. The first caller writes; callers that arrive
   * while it writes add their revocations and wait for the next write, which includes all of them
   * (a group commit): a mass revocation of N devices costs a few CRL writes, not N.
   */
  private static final class FleetQueue {
    final List<Revocation> pending = new ArrayList<>();
    CompletableFuture<CrlFacts> next = new CompletableFuture<>();
    boolean writing;
  }

  public CrlPublisher(KubernetesClient client, KeyfleetMetrics metrics, Clock clock) {
    this.client = client;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The serials already on the fleet's CRL list. */
  public java.util.Set<String> revokedSerials(String namespace, String fleet) {
    ConfigMap map = get(namespace, fleet);
    java.util.Set<String> serials = new java.util.HashSet<>();
    if (map != null) {
      CrlConfigMap.entries(map).forEach(e -> serials.add(e.serialHex()));
    }
    return serials;
  }

  /**
   * Adds revocations (entries already present are kept as they are) and publishes a new CRL, or
   * re-signs the CRL when it is half-way to its nextUpdate or its signer changed. Returns the facts of the CRL in force.
   */
  public CrlFacts publish(String namespace, String fleet, CrlSigner signer, String url, String validity, Collection<Revocation> add) {
    FleetQueue queue = queues.computeIfAbsent(namespace + "/" + fleet, k -> new FleetQueue());
    CompletableFuture<CrlFacts> mine;
    boolean writer;
    synchronized (queue) {
      queue.pending.addAll(add);
      mine = queue.next;
      writer = !queue.writing;
      queue.writing = true;
    }
    while (writer) {
      List<Revocation> batch;
      CompletableFuture<CrlFacts> batchDone;
      synchronized (queue) {
        batch = new ArrayList<>(queue.pending);
        queue.pending.clear();
        batchDone = queue.next;
        queue.next = new CompletableFuture<>();
      }
      try {
        batchDone.complete(write(namespace, fleet, signer, url, validity, batch));
      } catch (RuntimeException e) {
        batchDone.completeExceptionally(e);
      }
      synchronized (queue) {
        if (queue.pending.isEmpty()) {
          queue.writing = false;
          writer = false;
        }
      }
    }
    try {
      return mine.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private CrlFacts write(String namespace, String fleet, CrlSigner signer, String url, String validity, Collection<Revocation> add) {
    // A CRL not signed by the CA devices trust is published with the certificate that signed it:
    // relying parties need it to check the CRL.
    String signerPem = signer.publishesCertificate() ? Pem.certificates(signer.publishedChain()) : null;
    Duration lifetime = Durations.parse(validity == null ? "24h" : validity);
    for (int attempt = 0; ; attempt++) {
      ConfigMap current = get(namespace, fleet);
      Instant now = clock.instant();
      Map<String, Revocation> entries = new LinkedHashMap<>();
      if (current != null) {
        CrlConfigMap.entries(current).forEach(e -> entries.put(e.serialHex(), e));
      }
      java.util.Set<String> added = new java.util.HashSet<>();
      for (Revocation r : add) {
        if (!entries.containsKey(r.serialHex())) {
          entries.put(r.serialHex(), r);
          added.add(r.serialHex());
        }
      }
      boolean changed = !added.isEmpty();
      changed |= entries.values().removeIf(e -> e.notAfter().isBefore(now));
      added.retainAll(entries.keySet());
      boolean fresh = current != null && current.getData() != null && current.getData().containsKey(CrlConfigMap.THIS_UPDATE)
          && url.equals(current.getData().get(CrlConfigMap.URL))
          && java.util.Objects.equals(signerPem, current.getData().get(CrlConfigMap.SIGNER_CRT))
          && now.isBefore(Instant.parse(current.getData().get(CrlConfigMap.THIS_UPDATE)).plus(lifetime.dividedBy(2)));
      if (!changed && fresh) {
        return CrlConfigMap.facts(current);
      }
      long number = (current == null ? 0 : CrlConfigMap.number(current)) + 1;
      Instant nextUpdate = now.plus(lifetime);
      List<RevokedEntry> revoked = new ArrayList<>();
      for (Revocation e : entries.values()) {
        revoked.add(new RevokedEntry(new BigInteger(e.serialHex(), 16), e.revokedAt(), e.reason()));
      }
      String pem = Pem.crl(CrlBuilder.build(signer, url, BigInteger.valueOf(number), now, nextUpdate, revoked));
      ConfigMap desired = CrlConfigMap.build(namespace, fleet, pem, signerPem, entries.values(), number, now, nextUpdate, url,
          current == null ? null : current.getMetadata().getResourceVersion());
      try {
        if (current == null) {
          client.configMaps().inNamespace(namespace).resource(desired).create();
        } else {
          client.configMaps().inNamespace(namespace).resource(desired).update();
        }
        // Counted once written: a conflict merges again, and a serial already listed is not new.
        metrics.revoked(namespace, fleet, added.size());
        LOG.info("CRL published fleet={}/{} number={} entries={} nextUpdate={}", namespace, fleet, number, entries.size(), nextUpdate);
        return new CrlFacts(url, number, now, nextUpdate, entries.size());
      } catch (KubernetesClientException e) {
        if ((e.getCode() == 409) && attempt < 10) {
          continue; // someone else wrote it: merge again
        }
        throw e;
      }
    }
  }

  private ConfigMap get(String namespace, String fleet) {
    return client.configMaps().inNamespace(namespace).withName(CrlConfigMap.name(fleet)).get();
  }
}
