package io.keyfleet.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.keyfleet.api.client.ClientConfigs;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.keyfleet.operator.campaign.UpdateCampaignReconciler;
import io.keyfleet.operator.metrics.KeyfleetMetrics;
import io.keyfleet.operator.metrics.MetricsEndpoint;
import io.keyfleet.operator.metrics.OperatorMeters;
import io.keyfleet.operator.metrics.StatusGauges;
import io.keyfleet.operator.fleet.DeviceFleetReconciler;
import io.keyfleet.operator.http.OperatorHttpServer;
import io.keyfleet.operator.fleet.FleetCaStore;
import io.keyfleet.operator.fleet.FleetAuthorities;
import io.keyfleet.operator.certmanager.CertManagerApi;
import io.keyfleet.operator.certmanager.CertManagerAuthorities;
import io.keyfleet.operator.certmanager.DeviceRequestCache;
import io.keyfleet.operator.signing.SigningKeyStore;
import io.keyfleet.operator.campaign.DeviceLedger;
import io.keyfleet.operator.campaign.DeviceLedgerSource;
import io.keyfleet.operator.campaign.ManifestSequence;
import io.keyfleet.operator.campaign.OciManifestPublisher;
import io.keyfleet.operator.campaign.UpdateAssigner;
import io.keyfleet.operator.fleet.FleetDeviceCounts;
import io.keyfleet.operator.fleet.FleetIssuanceTally;
import io.keyfleet.operator.fleet.FleetCrlUrls;
import io.keyfleet.operator.identity.FleetRateLimits;
import io.keyfleet.operator.identity.IdentityLifecycle;
import io.keyfleet.operator.revocation.CrlEndpoint;
import io.keyfleet.operator.revocation.CrlPublisher;
import io.keyfleet.operator.status.EventRecorder;
import io.keyfleet.operator.identity.DeviceIdentityReconciler;
import io.keyfleet.operator.policy.KeyRotationPolicyReconciler;
import io.keyfleet.operator.cache.LeanItemStore;
import io.keyfleet.operator.status.StatusPatch;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Keyfleet operator process: one reconciler per kind, leader election and health endpoints. */
public final class KeyfleetOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeyfleetOperator.class);

  private final OperatorSettings settings;
  private final Operator operator;
  private final OperatorHttpServer http;
  private final EventRecorder events;
  private final UpdateAssigner assigner;
  /** Assignment writes in flight at once. */
  static final int ASSIGNER_THREADS = 16;
  private final AtomicBoolean leading = new AtomicBoolean(false);
  private final AtomicBoolean closing = new AtomicBoolean(false);
  private final KubernetesClient client;
  private final OperatorMeters meters = new OperatorMeters();

  private KeyfleetOperator(OperatorSettings settings, KubernetesClient client, Clock clock) throws Exception {
    this.settings = settings;
    this.client = client;
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client).withCloseClientOnStop(false).withStopOnInformerErrorDuringStartup(true);
              // Per controller, never per resource: one series per device would not scale.
              o.withMetrics(MicrometerMetrics.withoutPerResourceMetrics(meters.registry()));
              // Reconciles wait on the API server, not the CPU: a few threads keep up (and each
              // thread costs stack and allocation memory).
              o.withConcurrentReconciliationThreads(settings.reconcileThreads());
              if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(settings.leaseName())
                        .withLeaseNamespace(settings.namespace())
                        .withIdentity(settings.instance())
                        .withLeaseDuration(settings.leaseDuration())
                        .withRenewDeadline(settings.renewDeadline())
                        .withRetryPeriod(settings.retryPeriod())
                        // The SDK would call System.exit itself, also while the JVM is shutting
                        // down (a SIGTERM), where exit blocks forever: onStopLeading decides.
                        .withExitOnStopLeading(false)
                        .withLeaderCallbacks(
                            new LeaderCallbacks(
                                () -> {
                                  leading.set(true);
                                  LOG.info("leadership acquired instance={} lease={}/{}", settings.instance(), settings.namespace(), settings.leaseName());
                                },
                                () -> {
                                  leading.set(false);
                                  if (!closing.get()) {
                                    // A replica that lost the lease while running exits, so its
                                    // restart starts clean (caches, queues, timers).
                                    LOG.info("leadership lost instance={}, exiting", settings.instance());
                                    new Thread(() -> System.exit(1), "exit").start();
                                  }
                                },
                                leader -> LOG.info("leader is instance={}", leader)))
                        .build());
              }
            });
    KeyfleetMetrics metrics = new KeyfleetMetrics(meters.registry());
    meters.leader(() -> leading.get() || !settings.leaderElection());
    FleetCaStore cas = new FleetCaStore(client, settings.namespace(), clock);
    boolean certManager = CertManagerApi.served(client);
    DeviceRequestCache deviceRequests = new DeviceRequestCache();
    FleetAuthorities authorities =
        new FleetAuthorities(cas, certManager ? new CertManagerAuthorities(client, settings.namespace(), clock, deviceRequests) : null, clock);
    CrlPublisher crl = new CrlPublisher(client, metrics, clock);
    FleetCrlUrls crlUrls = new FleetCrlUrls(settings.crlBaseUrl());
    this.events = new EventRecorder(client, settings.instance(), clock);
    FleetIssuanceTally tally = new FleetIssuanceTally();
    IdentityLifecycle lifecycle = new IdentityLifecycle(client, crl, events, new FleetRateLimits(), tally, metrics, clock);
    FleetDeviceCounts counts = new FleetDeviceCounts();
    StatusGauges gauges = new StatusGauges(meters.registry(), metrics, counts, clock);
    SigningKeyStore signingKeys = new SigningKeyStore(client, settings.namespace(), clock);
    register(new DeviceFleetReconciler(clock, authorities, signingKeys, crl, crlUrls, counts, tally, events, gauges));
    register(new DeviceIdentityReconciler(clock, authorities, signingKeys, crl, crlUrls, lifecycle, counts, certManager ? deviceRequests : null));
    register(new KeyRotationPolicyReconciler(clock));
    DeviceLedger ledger = new DeviceLedger();
    this.assigner = new UpdateAssigner(client, ledger, ASSIGNER_THREADS);
    register(new UpdateCampaignReconciler(clock, events, new DeviceLedgerSource(client, settings.watchNamespaces(), ledger), ledger, assigner,
        new OciManifestPublisher(client, signingKeys, metrics), new ManifestSequence(client), gauges));
    this.http =
        new OperatorHttpServer(
            settings.httpPort(),
            () -> !operator.getRuntimeInfo().isStarted() || !leading.get() || operator.getRuntimeInfo().allEventSourcesAreHealthy(),
            () -> operator.getRuntimeInfo().isStarted(),
            () -> "\"instance\":\"" + settings.instance() + "\",\"leader\":" + (leading.get() || !settings.leaderElection()));
    this.http.handle(CrlEndpoint.PATH, new CrlEndpoint(client));
    this.http.handle(MetricsEndpoint.PATH, new MetricsEndpoint(meters, gauges));
  }

  /** Builds the operator and starts it; with leader election, reconciling begins once it leads. */
  public static KeyfleetOperator start(OperatorSettings settings, KubernetesClient client, Clock clock) throws Exception {
    KeyfleetOperator keyfleet = new KeyfleetOperator(settings, client, clock);
    LOG.info(
        "starting instance={} namespace={} watching={} leaderElection={} httpPort={}",
        settings.instance(),
        settings.namespace(),
        settings.watchNamespaces().isEmpty() ? "all namespaces" : settings.watchNamespaces(),
        settings.leaderElection(),
        keyfleet.http.port());
    keyfleet.operator.start();
    return keyfleet;
  }

  private <P extends io.fabric8.kubernetes.api.model.HasMetadata> void register(Reconciler<P> reconciler) {
    Consumer<ControllerConfigurationOverrider<P>> overrides =
        o -> {
          o.withFieldManager(StatusPatch.FIELD_MANAGER);
          o.withItemStore(new LeanItemStore<>());
          if (settings.watchNamespaces().isEmpty()) {
            o.watchingAllNamespaces();
          } else {
            o.settingNamespaces(settings.watchNamespaces());
          }
        };
    operator.register(reconciler, overrides);
  }

  /** The port /healthz, /readyz, /metrics and /crl/ are served on. */
  public int httpPort() {
    return http.port();
  }

  @Override
  public void close() {
    LOG.info("stopping instance={}", settings.instance());
    closing.set(true);
    boolean wasLeading = leading.get();
    operator.stop();
    assigner.close();
    // Only once nothing of ours writes any more may a standby start.
    if (wasLeading && settings.leaderElection()) {
      LeaseRelease.release(client, settings.namespace(), settings.leaseName(), settings.instance());
    }
    events.close();
    http.close();
    meters.close();
  }

  public static void main(String[] args) throws Exception {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().withConfig(ClientConfigs.fromEnvironment()).build();
    KeyfleetOperator keyfleet = start(settings, client, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  keyfleet.close();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
  }

}
