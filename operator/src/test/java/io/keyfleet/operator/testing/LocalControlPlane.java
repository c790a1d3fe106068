package io.keyfleet.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real control plane the integration tests run against: etcd, kube-apiserver and
 * kube-controller-manager built from the Kubernetes modules by e2e/bin/control-plane, on loopback.
 * One plane per test JVM, in a state folder of its own so it never touches the demo's. It is
 * started on first use (built first if the cache is cold) and stopped when the JVM exits, unless
 * it was already running, in which case it is reused and left running.
 */
public final class LocalControlPlane {
  private static LocalControlPlane instance;

  private final Path root;
  private final Path state;
  private final Map<String, String> env;
  private final KubernetesClient client;
  private boolean crdsInstalled;

  private LocalControlPlane(Path root) throws IOException, InterruptedException {
    this.root = root;
    this.state = Path.of(System.getProperty("keyfleet.test.state", root.resolve(".keyfleet/test-plane").toString()));
    Map<String, String> scriptEnv = Map.of("KEYFLEET_STATE", state.toString());
    boolean running = run(scriptEnv, root.resolve("e2e/bin/control-plane").toString(), "status").exitCode() == 0;
    if (!running) {
      Result up = run(scriptEnv, root.resolve("e2e/bin/control-plane").toString(), "up");
      if (up.exitCode() != 0) {
        throw new IllegalStateException("e2e/bin/control-plane up failed:\n" + up.output());
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(() -> {
                try {
                  run(scriptEnv, root.resolve("e2e/bin/control-plane").toString(), "down", "--purge");
                } catch (Exception e) {
                  // the JVM is exiting; nothing more to do
                }
              }));
    }
    Map<String, String> exports = new java.util.HashMap<>(scriptEnv);
    for (String line : run(scriptEnv, root.resolve("e2e/bin/control-plane").toString(), "env").output().split("\n")) {
      if (line.startsWith("export ") && !line.startsWith("export PATH=")) {
        String kv = line.substring("export ".length());
        exports.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1).replace("'", ""));
      }
    }
    this.env = Map.copyOf(exports);
    this.client =
        new KubernetesClientBuilder()
            .withConfig(io.keyfleet.api.client.ClientConfigs.withoutTokenlessRefresh(
                Config.fromKubeconfig(null, Files.readString(kubeconfig()), kubeconfig().toString())))
            .build();
  }

  /** The plane for this JVM, started if needed. */
  public static synchronized LocalControlPlane get() {
    if (instance == null) {
      try {
        instance = new LocalControlPlane(repositoryRoot());
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("cannot start the local control plane", e);
      }
    }
    return instance;
  }

  public static Path repositoryRoot() {
    return Path.of(System.getProperty("keyfleet.root", "..")).toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** The plane's state folder (certificates, data, logs/); components started by tests log there too. */
  public Path state() {
    return state;
  }

  public Path kubeconfig() {
    return Path.of(env.get("KUBECONFIG"));
  }

  /** host:port of the olareg OCI registry. */
  public String registry() {
    return env.get("KEYFLEET_REGISTRY");
  }

  /** A client with the plane's admin credentials (group system:masters). */
  public KubernetesClient client() {
    return client;
  }

  /** Environment for a child process that should talk to this plane (KUBECONFIG and friends). */
  public Map<String, String> environment() {
    return env;
  }

  /** Applies crds/ (once per JVM) and waits until the API server serves every kind. */
  public synchronized LocalControlPlane withCrds() {
    if (!crdsInstalled) {
      Result applied = kubectl("apply", "--server-side", "--force-conflicts", "-f", root.resolve("crds").toString());
      if (applied.exitCode() != 0) {
        throw new IllegalStateException("kubectl apply -f crds/ failed:\n" + applied.output());
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  client.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
                          .filter(c -> c.getSpec().getGroup().equals("keyfleet.io"))
                          .filter(LocalControlPlane::established)
                          .count()
                      == 4);
      crdsInstalled = true;
    }
    return this;
  }

  /**
   * Stops the API server and starts it again on the same port and etcd (e2e/bin/control-plane
   * restart-apiserver): clients see their connections and watches break, as in an upgrade.
   */
  public void restartApiServer() {
    try {
      Result r = run(Map.of("KEYFLEET_STATE", state.toString()), root.resolve("e2e/bin/control-plane").toString(), "restart-apiserver");
      if (r.exitCode() != 0) {
        throw new IllegalStateException("restart-apiserver failed:\n" + r.output());
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("restart-apiserver failed", e);
    }
  }

  /** A fresh namespace with a recognisable name. */
  public String createNamespace(String prefix) {
    String name = (prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    return name;
  }

  /** Runs the plane's kubectl (the one built with it) against it. */
  public Result kubectl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(env.get("KEYFLEET_KUBE_BIN"), "kubectl").toString());
    command.add("--kubeconfig=" + kubeconfig());
    command.addAll(List.of(args));
    try {
      return run(Map.of(), command.toArray(String[]::new));
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** kubectl with a document on standard input. */
  public Result kubectlWithInput(String input, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(env.get("KEYFLEET_KUBE_BIN"), "kubectl").toString());
    command.add("--kubeconfig=" + kubeconfig());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      return new Result(p.exitValue(), out);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The files of a folder, sorted, that end in .yaml. */
  public static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd.getStatus() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
  }

  private static Result run(Map<String, String> extraEnv, String... command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(extraEnv);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return new Result(p.exitValue(), out);
  }

  /** What a command printed (stdout and stderr) and how it exited. */
  public record Result(int exitCode, String output) {}
}
