package io.keyfleet.simulator;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.identity.ReportedState;
import io.keyfleet.api.v1alpha1.identity.UpdateAssignment;
import io.keyfleet.api.v1alpha1.identity.UpdateState;
import io.keyfleet.connector.FleetWatch;
import io.keyfleet.connector.UpdateAgent;
import io.keyfleet.connector.UpdateReporter;
import io.keyfleet.connector.registry.RegistryReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays every device of a fleet through the connector SDK: it watches the fleet
 * ({@link FleetWatch}), reports the firmware each device runs, and takes every new assignment
 * through {@link UpdateAgent} (verify, download by digest, install, report), with the behaviour
 * {@link DeviceProfiles} gives each device. Some devices can be handed a tampered delivery
 * instead of their assignment ({@link Tamper}); they must refuse it, as any device would.
 */
public final class Simulation implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);
  private static final long MAX_FIRMWARE_BYTES = 512L << 20;

  private final KubernetesClient client;
  private final SimulatorOptions options;
  private final DeviceProfiles profiles;
  private final UpdateReporter reporter;
  private final RegistryReader registry = new RegistryReader();
  private final UpdateAgent agent;
  private final ScheduledExecutorService pool;
  private final ManifestCatalog catalog = new ManifestCatalog();
  private final Forger forger = new Forger();
  private final Map<String, Long> handled = new ConcurrentHashMap<>();
  private final Map<String, Long> installed = new ConcurrentHashMap<>();
  private final Map<String, Boolean> announced = new ConcurrentHashMap<>();
  private final Map<String, DeviceResult> results = new ConcurrentHashMap<>();
  private final Map<String, Tamper> planned = new ConcurrentHashMap<>();
  private final Map<Tamper, AtomicInteger> tamperBudget = new EnumMap<>(Tamper.class);
  private final Path workDirectory;
  private FleetWatch watch;

  public Simulation(KubernetesClient client, SimulatorOptions options) throws IOException {
    this.client = client;
    this.options = options;
    this.profiles = new DeviceProfiles(options);
    this.reporter = new UpdateReporter(client, options.namespace(), Clock.systemUTC());
    this.workDirectory = Files.createTempDirectory("keyfleet-simulator");
    this.agent = new UpdateAgent(registry, reporter, new UpdateAgent.InstalledSequences() {
      @Override
      public long installed(String device) {
        return installedSequence(device);
      }

      @Override
      public void record(String device, long sequence) {
        installed.put(device, sequence);
      }
    }, workDirectory, MAX_FIRMWARE_BYTES, Clock.systemUTC());
    this.pool = Executors.newScheduledThreadPool(options.concurrency());
    tamperBudget.put(Tamper.FORGED, new AtomicInteger(options.forged()));
    tamperBudget.put(Tamper.REPLAYED, new AtomicInteger(options.replayed()));
    tamperBudget.put(Tamper.OTHER_MODEL, new AtomicInteger(options.otherModel()));
  }

  /** Hands this device a tampered delivery with its next assignment, beyond the counted ones. */
  public Simulation tamper(String device, Tamper tamper) {
    planned.put(device, tamper);
    return this;
  }

  /** Enrols the configured number of devices (see {@link Enrolment}); returns how many were new. */
  public int enrol() throws Exception {
    return options.create() == 0 ? 0 : Enrolment.enrol(client, options, profiles);
  }

  public Simulation start() {
    watch = FleetWatch.start(client, options.namespace(), options.fleet(), new FleetWatch.Listener() {
      @Override
      public void deviceChanged(DeviceIdentity device) {
        react(device);
      }

      @Override
      public void secretChanged(String device, Secret secret) {
        watch().flatMap(w -> w.device(device)).ifPresent(Simulation.this::react);
      }
    });
    watch.devices().forEach(this::react);
    return this;
  }

  private Optional<FleetWatch> watch() {
    return Optional.ofNullable(watch);
  }

  /** The devices' last results, by name. */
  public Map<String, DeviceResult> results() {
    return Map.copyOf(results);
  }

  /** Counts by state, over every device of the fleet. */
  public Progress progress() {
    Map<DeviceState, Integer> counts = new EnumMap<>(DeviceState.class);
    int devices = 0;
    for (DeviceIdentity d : watch == null ? java.util.List.<DeviceIdentity>of() : watch.devices()) {
      devices++;
      counts.merge(stateOf(d), 1, Integer::sum);
    }
    return new Progress(devices, counts);
  }

  private DeviceState stateOf(DeviceIdentity d) {
    String name = d.getMetadata().getName();
    if (Boolean.TRUE.equals(d.getSpec().getRevoked())) {
      return DeviceState.REVOKED;
    }
    if (profiles.offline(name)) {
      return DeviceState.OFFLINE;
    }
    DeviceResult r = results.get(name);
    if (r != null) {
      return r.state();
    }
    return watch.secret(name).isPresent() ? DeviceState.IDLE : DeviceState.WAITING;
  }

  private void react(DeviceIdentity device) {
    String name = device.getMetadata().getName();
    if (profiles.offline(name) || Boolean.TRUE.equals(device.getSpec().getRevoked()) || watch == null || watch.secret(name).isEmpty()) {
      return;
    }
    ReportedState reported = device.getStatus() == null ? null : device.getStatus().getReported();
    if (reported == null && announced.putIfAbsent(name, true) == null) {
      String version = options.installedVersion(device.getSpec().getModel());
      pool.execute(() -> {
        try {
          reporter.applyReliably(name, reporter.report(version, UpdateState.Idle, null, null, null), Duration.ofMinutes(5));
          results.putIfAbsent(name, new DeviceResult(name, device.getSpec().getModel(), DeviceState.IDLE, version, null, null, 0, "idle"));
        } catch (RuntimeException e) {
          LOG.warn("{}: the first report failed ({}); it is made again with the next change", name, e.toString());
          announced.remove(name);
        }
      });
      return;
    }
    UpdateAssignment assignment = device.getStatus() == null ? null : device.getStatus().getUpdate();
    if (assignment == null || assignment.getSequence() == null || assignment.getManifestRef() == null) {
      return;
    }
    long sequence = assignment.getSequence();
    if (reported != null && reported.getSequence() != null && reported.getSequence() == sequence && finished(reported.getUpdateState())) {
      // Handled before this process started (a restarted connector): never install or refuse twice.
      handled.merge(name, sequence, Math::max);
      return;
    }
    Long before = handled.putIfAbsent(name, sequence);
    if (before != null) {
      if (before >= sequence || !handled.replace(name, before, sequence)) {
        return;
      }
    }
    catalog.seen(new ManifestCatalog.Entry(assignment.getManifestRef(), assignment.getManifestDigest(), sequence, device.getSpec().getModel()));
    pool.execute(() -> deliver(name, assignment));
  }

  /**
   * Takes a device through one assignment; when that fails unexpectedly (the API server gone for
   * longer than the reporter's patience), tries again in 5 s while the assignment is current.
   */
  private void deliver(String name, UpdateAssignment assignment) {
    try {
      deliverOnce(name, assignment);
    } catch (RuntimeException e) {
      LOG.warn("{}: delivery of sequence {} failed ({}); trying again in 5 s", name, assignment.getSequence(), e.toString());
      pool.schedule(() -> deliver(name, assignment), 5, TimeUnit.SECONDS);
    }
  }

  private static boolean finished(UpdateState state) {
    return state == UpdateState.Succeeded || state == UpdateState.Failed || state == UpdateState.Rejected;
  }

  /** Takes a device through one assignment, or what an attacker hands it instead. */
  private void deliverOnce(String name, UpdateAssignment assignment) {
    if (handled.getOrDefault(name, -1L) != assignment.getSequence().longValue()) {
      return; // a newer assignment came meanwhile
    }
    Optional<DeviceIdentity> current = watch.device(name);
    if (current.isEmpty()) {
      return;
    }
    DeviceIdentity device = current.get();
    String model = device.getSpec().getModel();
    String running = device.getStatus() != null && device.getStatus().getReported() != null
        ? device.getStatus().getReported().getFirmwareVersion() : options.installedVersion(model);
    results.put(name, new DeviceResult(name, model, DeviceState.DOWNLOADING, running, null, null, assignment.getSequence(), "downloading"));
    Tamper tamper = null;
    UpdateAssignment delivered = assignment;
    try {
      var tampered = tampered(name, model, assignment);
      if (tampered.isPresent()) {
        tamper = tampered.get().tamper();
        delivered = tampered.get().assignment();
      }
    } catch (Exception e) {
      LOG.warn("could not tamper with {}'s delivery: {}", name, e.toString());
    }
    Tamper used = tamper;
    UpdateAgent.Outcome outcome = agent.handle(device, delivered, watch.updateTrust(name).orElse(""), (d, update, firmware) -> {
      results.put(name, new DeviceResult(name, model, DeviceState.INSTALLING, running, used, null, assignment.getSequence(), "installing"));
      Thread.sleep(profiles.installTime(name).toMillis());
      if (profiles.failsToInstall(name, update.version()) && !update.rollback()) {
        throw new IOException("simulated install failure of " + update.version());
      }
    });
    switch (outcome.result()) {
      case SUCCEEDED -> results.put(name, new DeviceResult(name, model, DeviceState.SUCCEEDED, assignment.getVersion(), used, null,
          assignment.getSequence(), outcome.message()));
      case FAILED -> results.put(name, new DeviceResult(name, model, DeviceState.FAILED, running, used, null, assignment.getSequence(),
          outcome.message()));
      case REJECTED -> results.put(name, new DeviceResult(name, model, DeviceState.REJECTED, running, used, outcome.refusal().orElse(null),
          assignment.getSequence(), outcome.message()));
      case UNAVAILABLE -> {
        LOG.info("{}: {}; trying again in 2 s", name, outcome.message());
        pool.schedule(() -> deliver(name, assignment), 2, TimeUnit.SECONDS);
      }
    }
  }

  private record Tampered(Tamper tamper, UpdateAssignment assignment) {}

  /** The attacker's substitute for this delivery, if this device is one it targets. */
  private Optional<Tampered> tampered(String name, String model, UpdateAssignment genuine) throws Exception {
    Tamper wanted = planned.get(name);
    if (wanted != null && possible(wanted, name, model)) {
      planned.remove(name); // a planned tamper waits until it can be done (a replay needs an install)
    } else {
      wanted = null;
      for (Tamper t : Tamper.values()) {
        if (tamperBudget.get(t).get() > 0 && possible(t, name, model) && tamperBudget.get(t).getAndDecrement() > 0) {
          wanted = t;
          break;
        }
      }
    }
    if (wanted == null) {
      return Optional.empty();
    }
    UpdateAssignment substitute = copy(genuine);
    switch (wanted) {
      case FORGED -> {
        String forged = forger.forge(genuine.getManifestRef(), registry.fetchUpdate(genuine.getManifestRef()), name);
        substitute.setManifestRef(forged);
        substitute.setManifestDigest(forged.substring(forged.indexOf('@') + 1));
      }
      case REPLAYED -> {
        var old = catalog.replayFor(model, installedSequence(name))
            .orElseThrow(() -> new IllegalStateException("no older manifest for " + model + " to replay"));
        substitute.setManifestRef(old.manifestRef());
        substitute.setManifestDigest(old.manifestDigest());
      }
      case OTHER_MODEL -> {
        var other = catalog.otherModelThan(model)
            .orElseThrow(() -> new IllegalStateException("no manifest for another model than " + model));
        substitute.setManifestRef(other.manifestRef());
        substitute.setManifestDigest(other.manifestDigest());
      }
    }
    LOG.info("{}: handed a {} manifest {} instead of {}", name, wanted, substitute.getManifestRef(), genuine.getManifestRef());
    return Optional.of(new Tampered(wanted, substitute));
  }

  private boolean possible(Tamper t, String name, String model) {
    return switch (t) {
      case FORGED -> true;
      case REPLAYED -> catalog.replayFor(model, installedSequence(name)).isPresent();
      case OTHER_MODEL -> catalog.otherModelThan(model).isPresent();
    };
  }

  /**
   * The sequence a device last installed. A real device keeps it in its own storage; the simulator
   * keeps it in memory, starting from the device's last Succeeded report.
   */
  private long installedSequence(String name) {
    return installed.computeIfAbsent(name, n -> watch.device(n)
        .map(d -> d.getStatus() == null ? null : d.getStatus().getReported())
        .filter(r -> r.getUpdateState() == UpdateState.Succeeded && r.getSequence() != null)
        .map(ReportedState::getSequence).orElse(0L));
  }

  private static UpdateAssignment copy(UpdateAssignment a) {
    UpdateAssignment c = new UpdateAssignment();
    c.setCampaign(a.getCampaign());
    c.setVersion(a.getVersion());
    c.setSequence(a.getSequence());
    c.setManifestRef(a.getManifestRef());
    c.setManifestDigest(a.getManifestDigest());
    c.setWave(a.getWave());
    c.setRollback(a.getRollback());
    c.setAssignedAt(a.getAssignedAt());
    return c;
  }

  @Override
  public void close() {
    if (watch != null) {
      watch.close();
    }
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
      try (var files = Files.walk(workDirectory)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (Exception e) {
      // leftovers in the temporary folder
    }
  }
}
