package io.keyfleet.simulator;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The genuine manifests the simulator has seen assigned, with the model of a device each was
 * assigned to: the material an attacker replays.
 */
public final class ManifestCatalog {
  /** A genuine manifest: its reference and digest, sequence, and a model it was assigned for. */
  public record Entry(String manifestRef, String manifestDigest, long sequence, String model) {}

  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  public void seen(Entry entry) {
    if (entries.stream().noneMatch(e -> e.manifestDigest().equals(entry.manifestDigest()) && e.model().equals(entry.model()))) {
      entries.add(entry);
    }
  }

  /** The newest manifest for this model that is not newer than the device's installed sequence. */
  public Optional<Entry> replayFor(String model, long installedSequence) {
    return entries.stream().filter(e -> e.model().equals(model) && e.sequence() <= installedSequence)
        .max(Comparator.comparingLong(Entry::sequence));
  }

  /** A manifest seen only for another model. */
  public Optional<Entry> otherModelThan(String model) {
    return entries.stream().filter(e -> !e.model().equals(model))
        .filter(e -> entries.stream().noneMatch(o -> o.manifestDigest().equals(e.manifestDigest()) && o.model().equals(model)))
        .findFirst();
  }
}
