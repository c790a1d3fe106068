package io.keyfleet.operator.campaign;

import io.keyfleet.api.v1alpha1.campaign.ManifestStatus;
import io.keyfleet.operator.campaign.ManifestPublisher.PublishException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Publishes one signed manifest in two idempotent steps. First the facts are fixed and recorded
 * in the campaign's status: the firmware digest (a tag is resolved once), a fleet sequence number
 * taken for good, and the issue time. Then, from those facts alone, the manifest is built (the
 * same bytes every time), pushed and signed. A crash or a registry outage between or during the
 * steps repeats the second one with the same bytes: one sequence number, one manifest.
 */
final class Publication {
  /** How long a manifest is valid for devices. */
  static final Duration VALIDITY = Duration.ofDays(180);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  /** Suffix of the key under which a campaign's rollback publication is retried. */
  static final String ROLLBACK = "#rollback";

  private final ManifestPublisher publisher;
  private final ManifestSequence sequences;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  Publication(ManifestPublisher publisher, ManifestSequence sequences) {
    this.publisher = publisher;
    this.sequences = sequences;
  }

  /** The outcome: published, facts just recorded (write status, then come back), or failed. */
  enum Result { PUBLISHED, RECORDED, FAILED }

  /**
   * @param current the manifest status so far (null at first)
   * @param record receives the manifest status to keep
   */
  Result publish(CampaignStep step, String key, ManifestStatus current, String version, String artifactRef, boolean rollback,
      Consumer<ManifestStatus> record) {
    var fleet = step.fleet();
    try {
      if (current == null || current.getSequence() == null) {
        UpdateManifest.Artifact artifact = publisher.resolve(fleet, artifactRef);
        ManifestStatus facts = new ManifestStatus();
        facts.setArtifactDigest(artifact.digest());
        facts.setSequence(sequences.next(fleet.getMetadata().getNamespace(), fleet.getMetadata().getName()));
        facts.setPublishedAt(step.format(step.now()));
        record.accept(facts);
        step.event("SequenceTaken", "manifest sequence " + facts.getSequence() + " taken for " + version + " (" + artifact.digest() + ")");
        step.recheckWithin(Duration.ZERO);
        return Result.RECORDED;
      }
      if (current.getDigest() != null) {
        return Result.PUBLISHED;
      }
      String pinned = pinned(artifactRef, current.getArtifactDigest());
      UpdateManifest.Artifact artifact = publisher.resolve(fleet, pinned);
      var spec = step.campaign().getSpec();
      Instant issuedAt = Instant.parse(current.getPublishedAt());
      UpdateManifest manifest = UpdateManifest.of(
          fleet.getMetadata().getNamespace(), fleet.getMetadata().getName(), step.campaign().getMetadata().getName(),
          current.getSequence(), version, rollback, new UpdateManifest.Artifact(artifactRef, artifact.digest(), artifact.size(), artifact.mediaType()),
          List.copyOf(spec.getFirmware().getModels()), rollback ? null : spec.getFirmware().getMinimumVersion(), issuedAt, issuedAt.plus(VALIDITY));
      ManifestStatus published = publisher.publish(fleet, manifest);
      published.setSequence(current.getSequence());
      published.setArtifactDigest(current.getArtifactDigest());
      published.setPublishedAt(current.getPublishedAt());
      record.accept(published);
      failures.remove(key);
      return Result.PUBLISHED;
    } catch (PublishException e) {
      int n = failures.merge(key, 1, Integer::sum);
      Duration backoff = Duration.ofSeconds(2).multipliedBy(1L << Math.min(n - 1, 8));
      step.recheckWithin(backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff);
      step.decide(io.keyfleet.operator.status.Conditions.Decision.isFalse(CampaignStep.PUBLISHED, e.reason(),
          e.getMessage() + " (attempt " + n + "; retrying with backoff)"));
      if (n == 1) {
        step.warning("PublishFailed", e.getMessage());
      }
      return Result.FAILED;
    }
  }

  /** The artifact by the digest first resolved, so a moved tag never changes what is signed. */
  static String pinned(String reference, String digest) {
    if (digest == null) {
      return reference;
    }
    int at = reference.indexOf('@');
    String repository = at >= 0 ? reference.substring(0, at) : stripTag(reference);
    return repository + "@" + digest;
  }

  private static String stripTag(String reference) {
    int slash = reference.lastIndexOf('/');
    int colon = reference.lastIndexOf(':');
    return colon > slash ? reference.substring(0, colon) : reference;
  }

  void forget(String key) {
    failures.remove(key);
  }
}
