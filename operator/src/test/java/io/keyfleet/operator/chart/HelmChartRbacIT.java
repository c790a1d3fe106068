package io.keyfleet.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.keyfleet.api.client.ClientConfigs;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.api.v1alpha1.campaign.FailureAction;
import io.keyfleet.api.v1alpha1.campaign.Wave;
import io.keyfleet.operator.OperatorSettings;
import io.keyfleet.operator.signing.SigningKeyStore;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.testing.CampaignFixtures;
import io.keyfleet.operator.testing.DeviceSimulator;
import io.keyfleet.operator.testing.LocalControlPlane;
import io.keyfleet.operator.testing.LocalControlPlane.Result;
import io.keyfleet.operator.testing.OperatorProcess;
import io.keyfleet.operator.testing.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's RBAC shown sufficient and no more: the rendered chart is applied for real (its pods
 * admitted under Pod Security "restricted"), then the operator runs as the Deployment would run
 * it, with the environment the chart gives it, as the chart's ServiceAccount (Fabric8
 * impersonation), and takes a fleet through leader election, issuance, a signed campaign and a
 * revocation; a device connector impersonating a ServiceAccount bound by connectors.bindings
 * reads the device Secrets and the CRL and reports through it. What each may not do is asked of
 * the API server (kubectl auth can-i) and tried.
 *
 * <p>The operator runs as its own process (the shaded jar and its main), not in this JVM: with
 * leader election on, the SDK ends the process when it stops leading, which closing an in-process
 * operator would do to the test JVM.
 */
class HelmChartRbacIT {
  static final String CONNECTOR = "pump-connector";
  static LocalControlPlane plane;
  static KubernetesClient admin;
  static KeyfleetChart chart;

  @BeforeAll
  static void start() {
    plane = LocalControlPlane.get().withCrds();
    admin = plane.client();
    chart = new KeyfleetChart(plane);
  }

  @Test
  void clusterModeRbacRunsTheOperatorAndTheConnector(@TempDir Path work) throws Exception {
    try (Installation it = Installation.of("cluster", work)) {
      it.runFleetThroughItsLifecycle();

      // The operator's all-namespace informers list and watch at cluster scope. (It is run here
      // watching one namespace: watching all, it would also reconcile what other tests left in
      // this shared plane. The ClusterRoleBinding grants the same rules at both scopes.)
      for (String resource : List.of("keyrotationpolicies.keyfleet.io", "devicefleets.keyfleet.io", "deviceidentities.keyfleet.io",
          "updatecampaigns.keyfleet.io", "secrets")) {
        for (String verb : List.of("list", "watch")) {
          assertThat(canI(it.operator(), verb, resource, null)).as(verb + " " + resource + " in all namespaces").isTrue();
        }
      }
      assertThat(canI(it.operator(), "get", "secrets", it.elsewhere)).as("cluster mode reads Secrets everywhere").isTrue();
      it.operatorMayNotTouchSpecsOrItsNamespacesOtherThings();
      it.connectorIsConfinedToItsFleetNamespace();
    }
  }

  @Test
  void namespacedModeRbacRunsTheOperatorAndKeepsItOutOfOtherNamespaces(@TempDir Path work) throws Exception {
    try (Installation it = Installation.of("namespaced", work)) {
      it.runFleetThroughItsLifecycle();

      assertThat(canI(it.operator(), "get", "secrets", it.elsewhere)).isFalse();
      assertThat(canI(it.operator(), "get", "deviceidentities.keyfleet.io", it.elsewhere)).isFalse();
      assertThat(canI(it.operator(), "create", "events", it.elsewhere)).isFalse();
      assertThat(canI(it.operator(), "list", "secrets", null)).isFalse();
      assertThat(canI(it.operator(), "list", "deviceidentities.keyfleet.io", null)).isFalse();
      assertThatThrownBy(() -> it.operatorClient.secrets().inNamespace(it.elsewhere).list())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      assertThatThrownBy(() -> it.operatorClient.secrets().inNamespace(it.elsewhere).withName("anything").get())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      it.operatorMayNotTouchSpecsOrItsNamespacesOtherThings();
      it.connectorIsConfinedToItsFleetNamespace();
    }
  }

  /** One installation of the chart, its namespaces, and the operator and connector running under its RBAC. */
  static final class Installation implements AutoCloseable {
    final String mode;
    final String release;
    final String fleets;
    final String elsewhere;
    final String connectors;
    final KeyfleetChart.Rendering rendering;
    final Map<String, String> operatorEnvironment;
    final OperatorSettings settings;
    final Path work;
    final KubernetesClient operatorClient;
    final KubernetesClient connectorClient;
    final CampaignFixtures fixtures = new CampaignFixtures(plane);
    final List<AutoCloseable> running = new ArrayList<>();

    private Installation(String mode, Path work) {
      this.mode = mode;
      release = KeyfleetChart.restrictedNamespace(plane, "keyfleet-" + mode);
      fleets = plane.createNamespace("fleet");
      elsewhere = plane.createNamespace("elsewhere");
      connectors = plane.createNamespace("connectors");
      admin.serviceAccounts().inNamespace(connectors)
          .resource(new ServiceAccountBuilder().withNewMetadata().withName(CONNECTOR).endMetadata().build()).create();

      Map<String, Object> values = new LinkedHashMap<>();
      values.put("watch", mode.equals("cluster") ? Map.of("mode", "cluster") : Map.of("mode", "namespaced", "namespaces", List.of(fleets)));
      values.put("connectors", Map.of("clusterRole", Map.of("create", true), "bindings", List.of(Map.of(
          "namespace", fleets, "serviceAccount", Map.of("name", CONNECTOR, "namespace", connectors), "crlFleets", List.of("pumps")))));
      // The release is named after its namespace (it contains "keyfleet"): cluster-wide names
      // never meet another test's.
      rendering = chart.render(release, release, values, work);
      Result applied = plane.kubectl("apply", "-f", rendering.write(work).toString());
      assertThat(applied.exitCode()).as(applied.output()).isZero();

      // No scheduler runs here, but the ReplicaSet's pods are created, so Pod Security admitted them.
      Deployment deployment = rendering.one(Deployment.class);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
          admin.pods().inNamespace(release).withLabels(deployment.getSpec().getSelector().getMatchLabels()).list().getItems())
          .as("pods admitted in a namespace enforcing restricted (events: %s)", replicaSetEvents())
          .hasSize(2));

      // The operator's environment exactly as the chart renders it (JVM options included), but for
      // its instance name and a free port; and, where a pod would use its ServiceAccount's token,
      // Fabric8's impersonation of that ServiceAccount with the plane's admin certificate.
      Subject operator = operator();
      operatorEnvironment = new HashMap<>(rendering.operatorEnvironment());
      operatorEnvironment.put("KEYFLEET_INSTANCE", "rbac-it-" + mode);
      operatorEnvironment.put("KEYFLEET_HTTP_PORT", "0");
      if (mode.equals("cluster")) {
        operatorEnvironment.put("KEYFLEET_WATCH_NAMESPACES", fleets); // see clusterModeRbacRunsTheOperatorAndTheConnector
      }
      operatorEnvironment.put("KUBERNETES_IMPERSONATE_USERNAME", operator.user());
      operatorEnvironment.put("KUBERNETES_IMPERSONATE_GROUP", String.join(",", operator.groups()));
      settings = OperatorSettings.fromEnvironment(operatorEnvironment);
      assertThat(settings.namespace()).isEqualTo(release);
      assertThat(settings.leaderElection()).isTrue();
      operatorClient = impersonating(operator);
      connectorClient = impersonating(connector());
      this.work = work;
    }

    static Installation of(String mode, Path work) {
      return new Installation(mode, work);
    }

    Subject operator() {
      return new Subject(release, rendering.one(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName());
    }

    Subject connector() {
      return new Subject(connectors, CONNECTOR);
    }

    /**
     * Leader election, a fleet CA and signing key, three identities, a campaign the connector
     * reports on, and a deletion that revokes: every kind of call the operator makes.
     */
    void runFleetThroughItsLifecycle() throws Exception {
      // A replica that cannot renew its Lease exits the JVM (the SDK stops a process that lost
      // leadership): ask first, so missing rights fail this test instead of ending the test run.
      for (String verb : List.of("get", "patch")) {
        assertThat(canI(operator(), verb, "leases.coordination.k8s.io/" + settings.leaseName(), release)).as(verb + " the Lease").isTrue();
      }
      assertThat(canI(operator(), "create", "leases.coordination.k8s.io", release)).as("create the Lease").isTrue();
      Path log = work.resolve("operator.log");
      Process operator = OperatorProcess.start(plane, operatorEnvironment, log);
      running.add(() -> stop(operator));
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(operator.isAlive()).as("the operator runs:\n%s", Files.readString(log)).isTrue();
        var lease = admin.leases().inNamespace(release).withName(settings.leaseName()).get();
        assertThat(lease).as("the Lease " + settings.leaseName()).isNotNull();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(settings.instance());
      });

      String repository = fixtures.firmwareRepository(fleets);
      fixtures.pushFirmware(fleets, "2.4.1");
      fixtures.fleet(fleets, repository);
      List<String> devices = List.of("pump-0", "pump-1", "pump-2");
      for (String name : devices) {
        admin.resources(DeviceIdentity.class).inNamespace(fleets).resource(Resources.device(fleets, name, "pumps")).create();
      }
      await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(admin.resources(DeviceIdentity.class).inNamespace(fleets).list().getItems())
          .as("operator log:%n%s", tail(log))
          .hasSize(3)
          .allSatisfy(d -> assertThat(d.getStatus() != null && Conditions.isTrue(d.getStatus().getConditions(), "Ready"))
              .as("%s Ready: %s", d.getMetadata().getName(), d.getStatus()).isTrue()));
      assertThat(admin.secrets().inNamespace(fleets).withName("pump-0-tls").get()).isNotNull();
      assertThat(admin.secrets().inNamespace(release).withLabel("keyfleet.io/fleet", "pumps").list().getItems())
          .extracting(s -> s.getMetadata().getLabels().get("keyfleet.io/component"))
          .containsExactlyInAnyOrder("fleet-ca", "update-signing-keys");
      assertThat(admin.configMaps().inNamespace(fleets).withName("pumps-crl").get()).isNotNull();

      // A signing-key rotation updates the key Secret in the operator's namespace, then every
      // device Secret (the new key's trust), then the key Secret again (activation).
      String oldKey = admin.resources(DeviceFleet.class).inNamespace(fleets).withName("pumps").get().getStatus().getSigning().getActiveKeyId();
      admin.resources(DeviceFleet.class).inNamespace(fleets).withName("pumps").edit(f -> {
        f.getMetadata().getAnnotations().put(SigningKeyStore.ROTATE_ANNOTATION, "rbac-it");
        return f;
      });
      await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(
          admin.resources(DeviceFleet.class).inNamespace(fleets).withName("pumps").get().getStatus().getSigning().getActiveKeyId())
          .as("operator log:%n%s", tail(log)).isNotEqualTo(oldKey));
      // Events are written as the operator goes (and a refused one is only logged, so look).
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.v1().events().inNamespace(fleets).list().getItems())
          .extracting(e -> e.getReason()).contains("Issued", "SigningKeyRotationStarted", "SigningKeyActivated"));

      // The connector, as its own ServiceAccount, sees the device Secrets and the CRL and reports.
      assertThat(connectorClient.secrets().inNamespace(fleets).withLabel("keyfleet.io/fleet", "pumps").list().getItems()).hasSize(3);
      assertThat(connectorClient.secrets().inNamespace(fleets).withName("pump-0-tls").get().getData()).containsKey("tls.key");
      assertThat(connectorClient.configMaps().inNamespace(fleets).withName("pumps-crl").get().getData()).containsKey("ca.crl");
      DeviceSimulator connector = new DeviceSimulator(connectorClient, fleets, d -> false);
      running.add(connector);
      connector.reportInstalled(devices, "2.3.7");
      connector.start();
      fixtures.campaign(fleets, "x2-2.4.1", FailureAction.Pause, repository, c -> {
        Wave all = new Wave();
        all.setPercent(100);
        all.setSoak("0s");
        c.getSpec().getStrategy().setWaves(List.of(all));
      });
      await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(
          admin.resources(UpdateCampaign.class).inNamespace(fleets).withName("x2-2.4.1").get().getStatus())
          .as("operator log:%n%s", tail(log))
          .satisfies(status -> assertThat(status.getPhase()).isEqualTo(CampaignPhase.Succeeded)));
      var done = admin.resources(UpdateCampaign.class).inNamespace(fleets).withName("x2-2.4.1").get();
      assertThat(done.getStatus().getTotals().getSucceeded()).isEqualTo(3);
      assertThat(admin.resources(DeviceFleet.class).inNamespace(fleets).withName("pumps").get().getStatus().getSigning().getLastManifestSequence())
          .isEqualTo(done.getStatus().getManifest().getSequence());

      // Deleting an identity revokes it: the operator's finalizer updates the CRL, then goes.
      admin.resources(DeviceIdentity.class).inNamespace(fleets).withName("pump-2").delete();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(admin.resources(DeviceIdentity.class).inNamespace(fleets).withName("pump-2").get()).as("operator log:%n%s", tail(log)).isNull();
        assertThat(admin.resources(DeviceFleet.class).inNamespace(fleets).withName("pumps").get().getStatus().getCrl().getEntries())
            .isGreaterThanOrEqualTo(1L);
      });
    }

    void operatorMayNotTouchSpecsOrItsNamespacesOtherThings() {
      Subject operator = operator();
      for (String verb : List.of("create", "update", "delete")) {
        for (String kind : List.of("keyrotationpolicies", "devicefleets", "deviceidentities", "updatecampaigns")) {
          assertThat(canI(operator, verb, kind + ".keyfleet.io", fleets)).as(verb + " " + kind).isFalse();
        }
      }
      assertThat(canI(operator, "patch", "leases.coordination.k8s.io/another-lease", release)).isFalse();
      assertThat(canI(operator, "create", "leases.coordination.k8s.io", fleets)).isFalse();
      assertThat(canI(operator, "get", "pods", release)).isFalse();
      if (mode.equals("cluster")) {
        return; // it reconciles everywhere, its own namespace included
      }
      // In its own namespace: Secrets by name only, one Lease, nothing else.
      assertThat(canI(operator, "get", "secrets", release)).isTrue();
      assertThat(canI(operator, "list", "secrets", release)).isFalse();
      assertThat(canI(operator, "delete", "secrets", release)).isFalse();
      assertThat(canI(operator, "get", "configmaps", release)).isFalse();
    }

    void connectorIsConfinedToItsFleetNamespace() {
      Subject connector = connector();
      for (String verb : List.of("get", "list", "watch")) {
        assertThat(canI(connector, verb, "secrets", fleets)).as(verb + " secrets").isTrue();
        assertThat(canI(connector, verb, "deviceidentities.keyfleet.io", fleets)).as(verb + " deviceidentities").isTrue();
      }
      assertThat(canI(connector, "patch", "deviceidentities.keyfleet.io", "status", fleets)).isTrue();
      assertThat(canI(connector, "get", "configmaps/pumps-crl", fleets)).isTrue();

      assertThat(canI(connector, "update", "deviceidentities.keyfleet.io", fleets)).isFalse();
      assertThat(canI(connector, "patch", "deviceidentities.keyfleet.io", fleets)).isFalse();
      assertThat(canI(connector, "delete", "deviceidentities.keyfleet.io", fleets)).isFalse();
      assertThat(canI(connector, "create", "secrets", fleets)).isFalse();
      assertThat(canI(connector, "get", "configmaps/other-crl", fleets)).isFalse();
      assertThat(canI(connector, "get", "secrets", release)).as("the operator's namespace").isFalse();
      assertThat(canI(connector, "get", "secrets", elsewhere)).isFalse();
      assertThat(canI(connector, "list", "secrets", null)).isFalse();
      // Tried for real: the fleet CA key is out of reach, and so is the spec.
      assertThatThrownBy(() -> connectorClient.secrets().inNamespace(release).list())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      assertThatThrownBy(() -> connectorClient.resources(DeviceIdentity.class).inNamespace(fleets).withName("pump-0").edit(d -> {
        d.getSpec().setRevoked(true);
        return d;
      })).isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }

    /** The last lines the operator logged. */
    private static String tail(Path log) {
      try {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
      } catch (java.io.IOException e) {
        return "(no log: " + e.getMessage() + ")";
      }
    }

    private String replicaSetEvents() {
      return admin.v1().events().inNamespace(release).list().getItems().stream().map(e -> e.getReason() + ": " + e.getMessage()).toList().toString();
    }

    @Override
    public void close() throws Exception {
      for (int i = running.size() - 1; i >= 0; i--) {
        running.get(i).close();
      }
      fixtures.close();
      operatorClient.close();
      connectorClient.close();
      // Cluster-scoped objects outlive the test's namespaces: remove them.
      for (HasMetadata o : rendering.objects()) {
        if (o.getMetadata().getNamespace() == null && (o.getKind().equals("ClusterRole") || o.getKind().equals("ClusterRoleBinding"))) {
          admin.resource(o).delete();
        }
      }
    }
  }

  /** A ServiceAccount, as the API server knows it when it authorizes its requests. */
  record Subject(String namespace, String name) {
    String user() {
      return "system:serviceaccount:" + namespace + ":" + name;
    }

    List<String> groups() {
      return List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
    }
  }

  /** A client with the plane's admin certificate that acts as the ServiceAccount (impersonation). */
  static KubernetesClient impersonating(Subject subject) {
    try {
      Config config = ClientConfigs.withoutTokenlessRefresh(
          Config.fromKubeconfig(null, Files.readString(plane.kubeconfig()), plane.kubeconfig().toString()));
      config.setImpersonateUsername(subject.user());
      config.setImpersonateGroups(subject.groups().toArray(String[]::new));
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Stops the operator as Kubernetes stops a pod: SIGTERM, then SIGKILL if it has not exited after
   * a while (it prints which, and how long it took).
   */
  static void stop(Process operator) throws InterruptedException {
    long start = System.nanoTime();
    operator.destroy();
    if (!operator.waitFor(10, TimeUnit.SECONDS)) {
      operator.destroyForcibly().waitFor();
      System.out.println("the operator had not exited 10 s after SIGTERM and was killed");
    } else {
      System.out.printf("the operator exited %d ms after SIGTERM (exit %d)%n", (System.nanoTime() - start) / 1_000_000, operator.exitValue());
    }
  }

  /** kubectl auth can-i as the subject, in a namespace or (null) in all namespaces; resource/name asks about one object. */
  static boolean canI(Subject subject, String verb, String resource, String namespace) {
    return canI(subject, verb, resource, null, namespace);
  }

  static boolean canI(Subject subject, String verb, String resource, String subresource, String namespace) {
    List<String> args = new ArrayList<>(List.of("auth", "can-i", verb, resource, "--as=" + subject.user()));
    if (subresource != null) {
      args.add("--subresource=" + subresource);
    }
    subject.groups().forEach(g -> args.add("--as-group=" + g));
    args.add(namespace == null ? "--all-namespaces" : "--namespace=" + namespace);
    Result r = plane.kubectl(args.toArray(String[]::new));
    String answer = r.output().lines().filter(l -> l.equals("yes") || l.equals("no")).findFirst()
        .orElseThrow(() -> new AssertionError("kubectl auth can-i " + verb + " " + resource + " answered: " + r.output()));
    return answer.equals("yes");
  }
}
