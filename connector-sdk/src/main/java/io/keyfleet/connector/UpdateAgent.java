package io.keyfleet.connector;

import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.identity.ReportedState;
import io.keyfleet.api.v1alpha1.identity.UpdateAssignment;
import io.keyfleet.api.v1alpha1.identity.UpdateState;
import io.keyfleet.connector.registry.ContentMismatchException;
import io.keyfleet.connector.registry.FirmwareArtifact;
import io.keyfleet.connector.registry.RegistryReadException;
import io.keyfleet.connector.registry.RegistryReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Takes one device through one update assignment the way a connector must, and reports each step
 * to the DeviceIdentity: Downloading; fetch the signed manifest by digest and verify it
 * ({@link UpdateVerifier}); fetch the firmware by the digest the verified manifest names, checking
 * every byte; Installing; hand it to the device ({@link Installer}); Succeeded, and remember the
 * manifest's sequence (anti-rollback). A refusal is reported as Rejected with its reason and
 * nothing is installed; an install error as Failed. When the registry cannot be reached the device
 * stays Downloading and the outcome says so, for the caller to try again later.
 */
public final class UpdateAgent {
  /** Installs verified firmware on the device. Throwing means the install failed. */
  @FunctionalInterface
  public interface Installer {
    void install(DeviceIdentity device, VerifiedUpdate update, FirmwareArtifact firmware) throws Exception;
  }

  /**
   * The anti-rollback state of each device: the sequence of the last manifest it installed. On a
   * real device this lives in its own tamper-resistant storage, not in Kubernetes.
   */
  public interface InstalledSequences {
    long installed(String device);

    void record(String device, long sequence);
  }

  public enum Result {
    /** Installed; the device runs the new version. */
    SUCCEEDED,
    /** Verified, but the install failed. */
    FAILED,
    /** Refused by verification; nothing installed. */
    REJECTED,
    /** The registry could not be read; nothing decided, try again later. */
    UNAVAILABLE
  }

  /** What became of an assignment. */
  public record Outcome(Result result, Optional<Refusal> refusal, String message) {}

  private static final Duration REPORT_PATIENCE = Duration.ofMinutes(5);

  private final RegistryReader registry;
  private final UpdateReporter reporter;
  private final InstalledSequences installed;
  private final Path workDirectory;
  private final long maxFirmwareBytes;
  private final Clock clock;

  /**
   * @param workDirectory where firmware is downloaded (one temporary folder per update, removed
   *     afterwards)
   * @param maxFirmwareBytes the largest firmware layer accepted
   */
  public UpdateAgent(RegistryReader registry, UpdateReporter reporter, InstalledSequences installed, Path workDirectory,
      long maxFirmwareBytes, Clock clock) {
    this.registry = registry;
    this.reporter = reporter;
    this.installed = installed;
    this.workDirectory = workDirectory;
    this.maxFirmwareBytes = maxFirmwareBytes;
    this.clock = clock;
  }

  /**
   * @param device the DeviceIdentity as watched (spec, and status.reported for the running version)
   * @param assignment what the device was told to install (normally {@code status.update})
   * @param updateTrustPem the device Secret's update-trust.pem
   */
  public Outcome handle(DeviceIdentity device, UpdateAssignment assignment, String updateTrustPem, Installer installer) {
    String name = device.getMetadata().getName();
    ReportedState reported = device.getStatus() == null ? null : device.getStatus().getReported();
    String running = reported == null ? null : reported.getFirmwareVersion();
    if (assignment.getSequence() != null && installed.installed(name) == assignment.getSequence()) {
      // Installed already (the Succeeded report was lost to an outage and this is a retry): report it again.
      report(name, assignment.getVersion(), UpdateState.Succeeded, assignment, null);
      return new Outcome(Result.SUCCEEDED, Optional.empty(), "runs " + assignment.getVersion());
    }
    report(name, running, UpdateState.Downloading, assignment, null);
    SignedUpdate fetched;
    try {
      fetched = registry.fetchUpdate(assignment.getManifestRef());
    } catch (ContentMismatchException e) {
      return reject(name, running, assignment, Refusal.DIGEST_MISMATCH, e.getMessage());
    } catch (RegistryReadException | IllegalArgumentException e) {
      return new Outcome(Result.UNAVAILABLE, Optional.empty(), "manifest: " + e.getMessage());
    }
    DeviceFacts facts = new DeviceFacts(
        device.getMetadata().getNamespace(), device.getSpec().getFleetRef().getName(), device.getSpec().getModel(),
        installed.installed(name), running, Boolean.TRUE.equals(device.getSpec().getRevoked()));
    Verdict verdict = UpdateVerifier.fromTrustPem(updateTrustPem == null ? "" : updateTrustPem)
        .verify(assignment.getManifestDigest(), fetched, facts, clock.instant());
    if (!verdict.accepted()) {
      return reject(name, running, assignment, verdict.refusal().orElseThrow(), verdict.message());
    }
    VerifiedUpdate update = verdict.update();
    Path folder = null;
    try {
      Files.createDirectories(workDirectory);
      folder = Files.createTempDirectory(workDirectory, name + "-");
      FirmwareArtifact firmware;
      try {
        firmware = registry.fetchArtifact(update.artifactRef(), folder, maxFirmwareBytes);
      } catch (ContentMismatchException e) {
        return reject(name, running, assignment, Refusal.FIRMWARE_MISMATCH, e.getMessage());
      } catch (RegistryReadException e) {
        return new Outcome(Result.UNAVAILABLE, Optional.empty(), "firmware: " + e.getMessage());
      }
      report(name, running, UpdateState.Installing, assignment, null);
      try {
        installer.install(device, update, firmware);
      } catch (Exception e) {
        String why = "install failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        report(name, running, UpdateState.Failed, assignment, why);
        return new Outcome(Result.FAILED, Optional.empty(), why);
      }
      installed.record(name, update.sequence());
      report(name, update.version(), UpdateState.Succeeded, assignment, null);
      return new Outcome(Result.SUCCEEDED, Optional.empty(), "runs " + update.version());
    } catch (IOException e) {
      return new Outcome(Result.UNAVAILABLE, Optional.empty(), "work directory: " + e.getMessage());
    } finally {
      delete(folder);
    }
  }

  private Outcome reject(String name, String running, UpdateAssignment assignment, Refusal refusal, String message) {
    report(name, running, UpdateState.Rejected, assignment, refusal.name() + ": " + message);
    return new Outcome(Result.REJECTED, Optional.of(refusal), message);
  }

  private void report(String name, String version, UpdateState state, UpdateAssignment assignment, String message) {
    reporter.applyReliably(name, reporter.report(version, state, assignment.getCampaign(), assignment.getSequence(), message), REPORT_PATIENCE);
  }

  private static void delete(Path folder) {
    if (folder == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary folder; nothing more to do
    }
  }
}
