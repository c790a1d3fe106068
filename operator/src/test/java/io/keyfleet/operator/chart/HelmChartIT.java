package io.keyfleet.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.operator.OperatorSettings;
import io.keyfleet.operator.testing.Commands;
import io.keyfleet.operator.testing.LocalControlPlane;
import io.keyfleet.operator.testing.LocalControlPlane.Result;
import io.keyfleet.operator.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart checked by helm and by the real API server: it lints, renders in both watch modes
 * into objects the API server accepts (server-side dry run, in a namespace that enforces Pod
 * Security "restricted"), refuses bad values naming them, and renders hardened pods, a PDB, a
 * NetworkPolicy on one port and RBAC without wildcards. HelmChartRbacIT applies the RBAC for real
 * and runs the operator under it.
 */
class HelmChartIT {
  static LocalControlPlane plane;
  static KubernetesClient client;
  static KeyfleetChart chart;

  @BeforeAll
  static void start() {
    plane = LocalControlPlane.get().withCrds();
    client = plane.client();
    chart = new KeyfleetChart(plane);
    installMonitoringCrds();
  }

  static Map<String, Object> clusterMode() {
    return new LinkedHashMap<>(Map.of("watch", Map.of("mode", "cluster")));
  }

  /** Namespaced mode with everything optional switched on. */
  static Map<String, Object> namespacedMode(List<String> namespaces) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("watch", Map.of("mode", "namespaced", "namespaces", namespaces));
    values.put("metrics", Map.of(
        "serviceMonitor", Map.of("enabled", true, "labels", Map.of("release", "prometheus")),
        "prometheusRule", Map.of("enabled", true),
        "grafanaDashboard", Map.of("enabled", true, "annotations", Map.of("grafana_folder", "Keyfleet"))));
    values.put("connectors", Map.of("clusterRole", Map.of("create", true), "bindings", List.of(Map.of(
        "namespace", namespaces.get(0),
        "serviceAccount", Map.of("name", "pump-connector", "namespace", namespaces.get(0)),
        "crlFleets", List.of("pumps")))));
    return values;
  }

  @Test
  void lintsInBothModes(@TempDir Path work) {
    Tools.Result cluster = chart.lint(clusterMode(), work);
    assertThat(cluster.exitCode()).as(cluster.output()).isZero();
    assertThat(cluster.output()).contains("0 chart(s) failed");
    Tools.Result namespaced = chart.lint(namespacedMode(List.of("icu", "ward")), work);
    assertThat(namespaced.exitCode()).as(namespaced.output()).isZero();
  }

  static Stream<Arguments> modes() {
    return Stream.of(Arguments.of("cluster"), Arguments.of("namespaced"));
  }

  @ParameterizedTest(name = "{0} mode")
  @MethodSource("modes")
  void rendersObjectsTheApiServerAcceptsUnderPodSecurityRestricted(String mode, @TempDir Path work) {
    String release = KeyfleetChart.restrictedNamespace(plane, "keyfleet-system");
    String fleets = plane.createNamespace("icu");
    Map<String, Object> values = mode.equals("cluster") ? clusterMode() : namespacedMode(List.of(fleets));
    KeyfleetChart.Rendering rendering = chart.render("keyfleet", release, values, work);
    assertThat(rendering.objects()).extracting(HasMetadata::getKind)
        .contains("ServiceAccount", "Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy", "Role", "RoleBinding", "ClusterRole");
    if (mode.equals("namespaced")) {
      assertThat(rendering.objects()).extracting(HasMetadata::getKind).contains("ServiceMonitor", "PrometheusRule", "ConfigMap");
    }

    Result applied = plane.kubectl("apply", "--dry-run=server", "-f", rendering.write(work).toString());
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    // The namespace warns as well as enforces: a pod template that breaks "restricted" is reported.
    assertThat(applied.output()).as(applied.output()).doesNotContainIgnoringCase("warning").contains("deployment.apps/keyfleet-operator created (server dry run)");
  }

  @Test
  void theDryRunWouldReportAPodThatBreaksRestricted(@TempDir Path work) {
    // The control for the test above: the same dry run does report a pod that breaks the profile.
    String release = KeyfleetChart.restrictedNamespace(plane, "keyfleet-system");
    Map<String, Object> values = clusterMode();
    values.put("securityContext", Map.of("allowPrivilegeEscalation", true, "readOnlyRootFilesystem", true));
    Result applied = plane.kubectl("apply", "--dry-run=server", "-f", chart.render("keyfleet", release, values, work).write(work).toString());
    assertThat(applied.output()).contains("would violate PodSecurity \"restricted:latest\"").contains("allowPrivilegeEscalation != false");
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("an unknown key", Map.of("replicas", 3), "additional properties 'replicas' not allowed"),
        Arguments.of("an unknown nested key", Map.of("image", Map.of("repository", "example.com/keyfleet", "pullPolicy", "Always", "tags", "x")),
            "'/image': additional properties 'tags' not allowed"),
        Arguments.of("an unknown watch mode", Map.of("watch", Map.of("mode", "all")), "'/watch/mode': value must be one of 'cluster', 'namespaced'"),
        Arguments.of("namespaced mode without namespaces", Map.of("watch", Map.of("mode", "namespaced")), "'/watch/namespaces': minItems: got 0, want 1"),
        Arguments.of("a namespace that is no name", Map.of("watch", Map.of("mode", "namespaced", "namespaces", List.of("ICU ward"))),
            "'/watch/namespaces/0'"),
        Arguments.of("a lease duration that is no duration", Map.of("leaderElection", Map.of("leaseDuration", "15 seconds")),
            "'/leaderElection/leaseDuration'"),
        Arguments.of("one replica of the wrong type", Map.of("replicaCount", "two"), "'/replicaCount'"),
        Arguments.of("a connector binding without a service account", Map.of("connectors", Map.of("bindings", List.of(Map.of("namespace", "icu")))),
            "'/connectors/bindings/0': missing property 'serviceAccount'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void badValuesAreRefusedNamingTheValue(String what, Map<String, Object> values, String message, @TempDir Path work) {
    Tools.Result r = chart.template("keyfleet", "keyfleet-system", values, work);
    assertThat(r.exitCode()).as(r.output()).isNotZero();
    assertThat(r.output()).contains("values don't meet the specifications of the schema").contains(message);
  }

  @Test
  void namespacedModeWithoutNamespacesFailsEvenWithoutTheSchema(@TempDir Path work) {
    Tools.Result r = chart.template("keyfleet", "keyfleet-system", Map.of("watch", Map.of("mode", "namespaced")), work, "--skip-schema-validation");
    assertThat(r.exitCode()).as(r.output()).isNotZero();
    assertThat(r.output()).contains("watch.namespaces: namespaced mode needs at least one namespace to watch");
  }

  @Test
  void theOperatorPodIsHardenedProbedAndSpreadOverNodes(@TempDir Path work) throws Exception {
    KeyfleetChart.Rendering r = chart.render("keyfleet", "keyfleet-system", clusterMode(), work);
    Deployment deployment = r.one(Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("keyfleet-operator");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getTopologySpreadConstraints()).singleElement()
        .satisfies(t -> assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
    assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()).singleElement()
        .satisfies(t -> assertThat(t.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname"));

    Container operator = pod.getContainers().get(0);
    assertThat(operator.getImage()).isEqualTo("ghcr.io/keyfleet/keyfleet-operator:" + projectVersion());
    assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(operator.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(operator.getVolumeMounts()).singleElement().satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes()).singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    assertThat(operator.getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("http");
      assertThat(p.getContainerPort()).isEqualTo(8081);
    });
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(operator.getResources().getLimits()).containsKey("memory");
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");

    // The environment is what the operator reads, and it reads it without complaint.
    Map<String, String> env = r.operatorEnvironment();
    assertThat(operator.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("POD_NAME");
      assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    });
    assertThat(env).containsEntry("KEYFLEET_LEADER_ELECTION", "true").containsEntry("KEYFLEET_INSTANCE", "$(POD_NAME)")
        .containsEntry("KEYFLEET_NAMESPACE", "keyfleet-system").doesNotContainKey("KEYFLEET_WATCH_NAMESPACES");
    assertThat(env.get("JAVA_TOOL_OPTIONS")).startsWith("-Xmx256m ");
    OperatorSettings settings = OperatorSettings.fromEnvironment(env);
    assertThat(settings.watchNamespaces()).isEmpty();
    assertThat(settings.httpPort()).isEqualTo(8081);
    assertThat(settings.crlBaseUrl()).isEqualTo("http://keyfleet-operator.keyfleet-system.svc:8081");
    assertThat(settings.leaseName()).isEqualTo("keyfleet-operator");
    assertThat(settings.leaseDuration()).isEqualTo(Duration.ofSeconds(15));

    Service service = r.one(Service.class);
    assertThat(service.getMetadata().getName()).as("the host of the CRL base URL").isEqualTo("keyfleet-operator");
    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("http");
      assertThat(p.getPort()).isEqualTo(8081);
      assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
    });
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());

    PodDisruptionBudget pdb = r.one(PodDisruptionBudget.class);
    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());

    NetworkPolicy policy = r.one(NetworkPolicy.class);
    assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
    assertThat(policy.getSpec().getIngress()).singleElement()
        .satisfies(in -> assertThat(in.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8081)));
    assertThat(policy.getSpec().getEgress()).flatExtracting(e -> e.getPorts()).extracting(p -> p.getPort().getIntVal())
        .containsExactlyInAnyOrder(443, 6443, 53, 53, 443);
    assertThat(policy.getSpec().getEgress()).allSatisfy(e -> assertThat(e.getPorts()).isNotEmpty());
  }

  @Test
  void namespacedModeRendersTheWatchListAndOneRolePerWatchedNamespace(@TempDir Path work) {
    KeyfleetChart.Rendering r = chart.render("keyfleet", "keyfleet-system", namespacedMode(List.of("icu", "ward")), work);
    Map<String, String> env = r.operatorEnvironment();
    assertThat(OperatorSettings.fromEnvironment(env).watchNamespaces()).containsExactlyInAnyOrder("icu", "ward");
    assertThat(r.all(Role.class)).extracting(role -> role.getMetadata().getNamespace() + "/" + role.getMetadata().getName())
        .containsExactlyInAnyOrder("keyfleet-system/keyfleet-operator", "icu/keyfleet-operator-watch", "ward/keyfleet-operator-watch",
            "icu/keyfleet-connector-icu-pump-connector-crl");
    assertThat(r.all(RoleBinding.class)).allSatisfy(b -> assertThat(b.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("ServiceAccount");
      assertThat(s.getNamespace()).isIn("keyfleet-system", "icu");
    }));
    // Nothing cluster-wide for the operator but reading ClusterIssuers (a fleet may name one); the
    // connectors' ClusterRole is bound per namespace.
    assertThat(r.all(ClusterRole.class)).extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder("keyfleet-connector", "keyfleet-operator-clusterissuers");
    ClusterRole issuers = r.all(ClusterRole.class).stream()
        .filter(c -> c.getMetadata().getName().equals("keyfleet-operator-clusterissuers")).findFirst().orElseThrow();
    assertThat(issuers.getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getApiGroups()).containsExactly("cert-manager.io");
      assertThat(rule.getResources()).containsExactly("clusterissuers");
      assertThat(rule.getVerbs()).containsExactly("get");
    });
    assertThat(r.all(ClusterRoleBinding.class)).extracting(b -> b.getRoleRef().getName()).containsExactly("keyfleet-operator-clusterissuers");
    Role own = r.all(Role.class).stream().filter(role -> role.getMetadata().getName().equals("keyfleet-operator")).findFirst().orElseThrow();
    assertThat(own.getRules()).filteredOn(rule -> rule.getResources().contains("leases") && rule.getVerbs().contains("update"))
        .singleElement().satisfies(rule -> assertThat(rule.getResourceNames()).containsExactly(env.get("KEYFLEET_LEASE_NAME")));
  }

  @ParameterizedTest(name = "{0} mode")
  @MethodSource("modes")
  void rbacNamesEveryVerbAndResource(String mode, @TempDir Path work) {
    KeyfleetChart.Rendering r = chart.render("keyfleet", "keyfleet-system",
        mode.equals("cluster") ? clusterMode() : namespacedMode(List.of("icu")), work);
    List<PolicyRule> rules = new ArrayList<>();
    r.all(Role.class).forEach(role -> rules.addAll(role.getRules()));
    r.all(ClusterRole.class).forEach(role -> rules.addAll(role.getRules()));
    assertThat(rules).isNotEmpty().allSatisfy(rule -> {
      assertThat(rule.getVerbs()).isNotEmpty().doesNotContain("*", "escalate", "bind", "impersonate", "deletecollection");
      assertThat(rule.getResources()).isNotEmpty().noneMatch(res -> res.contains("*"));
      assertThat(rule.getApiGroups()).doesNotContain("*");
      assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
    });
    // Keyfleet objects' specs are the users': the operator writes only status and its finalizer.
    assertThat(rules).filteredOn(rule -> rule.getApiGroups().contains("keyfleet.io")).allSatisfy(rule -> {
      if (rule.getResources().stream().allMatch(res -> res.endsWith("/finalizers"))) {
        assertThat(rule.getVerbs()).containsExactly("update");
      } else {
        assertThat(rule.getVerbs()).isSubsetOf("get", "list", "watch", "patch");
      }
    });
  }

  @Test
  void metricsObjectsCarryTheChartsRuleAndDashboardFiles(@TempDir Path work) throws Exception {
    KeyfleetChart.Rendering r = chart.render("keyfleet", "keyfleet-system", namespacedMode(List.of("icu")), work);
    GenericKubernetesResource rule = (GenericKubernetesResource) r.ofKind("PrometheusRule").get(0);
    Map<?, ?> file = client.getKubernetesSerialization().unmarshal(Files.readString(KeyfleetChart.dir().resolve("files/prometheus-rules.yaml")), Map.class);
    assertThat(rule.getAdditionalProperties().get("spec")).isEqualTo(file);

    GenericKubernetesResource monitor = (GenericKubernetesResource) r.ofKind("ServiceMonitor").get(0);
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    Map<?, ?> endpoint = (Map<?, ?>) ((List<?>) ((Map<?, ?>) monitor.getAdditionalProperties().get("spec")).get("endpoints")).get(0);
    assertThat(endpoint.get("port")).isEqualTo("http");
    assertThat(endpoint.get("path")).isEqualTo("/metrics");

    ConfigMap dashboard = r.one(ConfigMap.class);
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Keyfleet");
    assertThat(dashboard.getData().get("keyfleet.json").strip())
        .isEqualTo(Files.readString(KeyfleetChart.dir().resolve("files/grafana-dashboard.json")).strip());

    // Off by default: a cluster without the Prometheus Operator installs the chart as it is.
    assertThat(chart.render("keyfleet", "keyfleet-system", clusterMode(), work).objects()).extracting(HasMetadata::getKind)
        .doesNotContain("ServiceMonitor", "PrometheusRule", "ConfigMap");
  }

  @Test
  void theChartCarriesTheProjectsVersion() throws Exception {
    Map<?, ?> meta = client.getKubernetesSerialization().unmarshal(Files.readString(KeyfleetChart.dir().resolve("Chart.yaml")), Map.class);
    assertThat(meta.get("appVersion")).isEqualTo(projectVersion());
    assertThat(meta.get("version")).isEqualTo(projectVersion());
  }

  @Test
  void theReadmeDocumentsEveryValue() throws Exception {
    Map<?, ?> schema = client.getKubernetesSerialization().unmarshal(Files.readString(KeyfleetChart.dir().resolve("values.schema.json")), Map.class);
    Set<String> keys = new TreeSet<>();
    values("", schema, keys);
    keys.remove("global");
    String readme = Files.readString(KeyfleetChart.dir().resolve("README.md"));
    assertThat(keys).contains("watch.mode", "connectors.bindings", "jvm.maxHeap")
        .allSatisfy(key -> assertThat(readme).as("README.md documents " + key).contains("| `" + key + "` |"));
  }

  /**
   * The dotted paths of the values the schema knows, down to the chart's own objects' fields
   * (Kubernetes objects passed through, such as affinity, are one value each).
   */
  private static void values(String prefix, Map<?, ?> schema, Set<String> into) {
    ((Map<?, ?>) schema.get("properties")).forEach((k, v) -> {
      Map<?, ?> sub = (Map<?, ?>) v;
      if (sub.get("properties") instanceof Map<?, ?>) {
        values(prefix + k + ".", sub, into);
      } else {
        into.add(prefix + k);
      }
    });
  }

  static String projectVersion() throws Exception {
    var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(LocalControlPlane.repositoryRoot().resolve("pom.xml").toFile());
    var children = pom.getDocumentElement().getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i).getNodeName().equals("version")) {
        return children.item(i).getTextContent().trim();
      }
    }
    throw new IllegalStateException("pom.xml has no version");
  }

  /** The Prometheus Operator's ServiceMonitor and PrometheusRule CRDs, as e2e/bin/control-plane fetches them. */
  static void installMonitoringCrds() {
    Commands.Result fetched = Commands.run(List.of(LocalControlPlane.repositoryRoot().resolve("e2e/bin/control-plane").toString(), "monitoring-crds"),
        LocalControlPlane.repositoryRoot(), Duration.ofMinutes(5));
    assertThat(fetched.exitCode()).as(fetched.output()).isZero();
    Path dir = Path.of(fetched.output().strip().lines().reduce((first, second) -> second).orElseThrow());
    Result applied = plane.kubectl("apply", "--server-side", "-f", dir.toString());
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    await().atMost(Duration.ofSeconds(30)).until(() -> Stream.of("servicemonitors", "prometheusrules").allMatch(plural -> {
      var crd = client.apiextensions().v1().customResourceDefinitions().withName(plural + ".monitoring.coreos.com").get();
      return crd != null && crd.getStatus() != null && crd.getStatus().getConditions().stream()
          .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
    }));
  }
}
