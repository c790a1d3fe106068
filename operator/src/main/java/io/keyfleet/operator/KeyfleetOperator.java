package io.keyfleet.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.keyfleet.operator.campaign.UpdateCampaignReconciler;
import io.keyfleet.operator.fleet.DeviceFleetReconciler;
import io.keyfleet.operator.health.HealthServer;
import io.keyfleet.operator.identity.DeviceIdentityReconciler;
import io.keyfleet.operator.policy.KeyRotationPolicyReconciler;
import io.keyfleet.operator.status.StatusPatch;
import java.time.Clock;
import java.util.List;
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
  private final HealthServer health;
  private final AtomicBoolean leading = new AtomicBoolean(false);

  private KeyfleetOperator(OperatorSettings settings, KubernetesClient client, Clock clock) throws Exception {
    this.settings = settings;
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client).withCloseClientOnStop(false).withStopOnInformerErrorDuringStartup(true);
              if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(settings.leaseName())
                        .withLeaseNamespace(settings.namespace())
                        .withIdentity(settings.instance())
                        .withLeaseDuration(settings.leaseDuration())
                        .withRenewDeadline(settings.renewDeadline())
                        .withRetryPeriod(settings.retryPeriod())
                        .withLeaderCallbacks(
                            new LeaderCallbacks(
                                () -> {
                                  leading.set(true);
                                  LOG.info("leadership acquired instance={} lease={}/{}", settings.instance(), settings.namespace(), settings.leaseName());
                                },
                                () -> {
                                  leading.set(false);
                                  LOG.info("leadership lost instance={}", settings.instance());
                                },
                                leader -> LOG.info("leader is instance={}", leader)))
                        .build());
              }
            });
    register(new DeviceFleetReconciler(clock));
    register(new DeviceIdentityReconciler(clock));
    register(new KeyRotationPolicyReconciler(clock));
    register(new UpdateCampaignReconciler(clock));
    this.health =
        new HealthServer(
            settings.healthPort(),
            () -> !operator.getRuntimeInfo().isStarted() || !leading.get() || operator.getRuntimeInfo().allEventSourcesAreHealthy(),
            () -> operator.getRuntimeInfo().isStarted(),
            () -> "\"instance\":\"" + settings.instance() + "\",\"leader\":" + (leading.get() || !settings.leaderElection()));
  }

  /** Builds the operator and starts it; with leader election, reconciling begins once it leads. */
  public static KeyfleetOperator start(OperatorSettings settings, KubernetesClient client, Clock clock) throws Exception {
    KeyfleetOperator keyfleet = new KeyfleetOperator(settings, client, clock);
    LOG.info(
        "starting instance={} namespace={} watching={} leaderElection={} healthPort={}",
        settings.instance(),
        settings.namespace(),
        settings.watchNamespaces().isEmpty() ? "all namespaces" : settings.watchNamespaces(),
        settings.leaderElection(),
        keyfleet.health.port());
    keyfleet.operator.start();
    return keyfleet;
  }

  private <P extends io.fabric8.kubernetes.api.model.HasMetadata> void register(Reconciler<P> reconciler) {
    Consumer<ControllerConfigurationOverrider<P>> overrides =
        o -> {
          o.withFieldManager(StatusPatch.FIELD_MANAGER);
          if (settings.watchNamespaces().isEmpty()) {
            o.watchingAllNamespaces();
          } else {
            o.settingNamespaces(settings.watchNamespaces());
          }
        };
    operator.register(reconciler, overrides);
  }

  /** The port /healthz and /readyz are served on. */
  public int healthPort() {
    return health.port();
  }

  /** Whether this replica holds the lease (always true without leader election). */
  public boolean isLeader() {
    return !settings.leaderElection() || leading.get();
  }

  @Override
  public void close() {
    LOG.info("stopping instance={}", settings.instance());
    operator.stop();
    health.close();
  }

  public static void main(String[] args) throws Exception {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().build();
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
