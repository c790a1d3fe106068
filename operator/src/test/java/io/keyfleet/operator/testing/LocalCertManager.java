package io.keyfleet.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real cert-manager (its CA and self-signed issuers, the approver and the Certificate
 * controllers; see e2e/tools/cert-manager/main.go) running against a {@link LocalControlPlane} as a
 * child process. Its CRDs are installed from the same module version on first use. It watches every
 * namespace, so run one at a time per plane. Logs go to {@code <plane state>/logs/}.
 */
public final class LocalCertManager implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static boolean crdsInstalled;

  private final Process process;
  private final Path log;
  private final String clusterResourceNamespace;

  private LocalCertManager(Process process, Path log, String clusterResourceNamespace) {
    this.process = process;
    this.log = log;
    this.clusterResourceNamespace = clusterResourceNamespace;
  }

  /**
   * Installs the CRDs if needed, starts cert-manager with ClusterIssuer Secrets read from
   * {@code clusterResourceNamespace}, and returns once its caches are synced. {@code extraArgs} go
   * to the binary as they are (e.g. {@code --kube-api-qps=100}).
   */
  public static LocalCertManager start(LocalControlPlane plane, String clusterResourceNamespace, String... extraArgs) {
    Path binary = Tools.path("cert-manager");
    installCrds(plane, binary.resolveSibling("crds"));
    int healthPort = freePort();
    List<String> command = new ArrayList<>(List.of(
        binary.toString(),
        "--kubeconfig=" + plane.kubeconfig(),
        "--cluster-resource-namespace=" + clusterResourceNamespace,
        "--health-address=127.0.0.1:" + healthPort,
        "--v=2"));
    command.addAll(List.of(extraArgs));
    try {
      Path logs = Files.createDirectories(plane.state().resolve("logs"));
      Path log = logs.resolve("cert-manager-" + clusterResourceNamespace + ".log");
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      process.getOutputStream().close();
      LocalCertManager certManager = new LocalCertManager(process, log, clusterResourceNamespace);
      certManager.awaitReady(healthPort);
      return certManager;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String clusterResourceNamespace() {
    return clusterResourceNamespace;
  }

  /** What cert-manager logged so far: the place to look when a resource does not become ready. */
  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops it as a Deployment would (SIGTERM, then a kill if it lingers). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static synchronized void installCrds(LocalControlPlane plane, Path crds) {
    if (crdsInstalled) {
      return;
    }
    LocalControlPlane.Result applied = plane.kubectl("apply", "--server-side", "--force-conflicts", "-f", crds.toString());
    if (applied.exitCode() != 0) {
      throw new IllegalStateException("kubectl apply -f " + crds + " failed:\n" + applied.output());
    }
    try {
      int expected = LocalControlPlane.yamlFiles(crds).size();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> plane.client().apiextensions().v1().customResourceDefinitions().list().getItems().stream()
              .filter(c -> c.getSpec().getGroup().endsWith("cert-manager.io"))
              .filter(LocalCertManager::established)
              .count() == expected);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    crdsInstalled = true;
  }

  // Ready means /readyz answers 200: every informer listed its objects, so a resource created now
  // is seen. A process that dies meanwhile fails at once, with its log.
  private void awaitReady(int healthPort) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest readyz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/readyz"))
        .timeout(Duration.ofSeconds(2)).build();
    try {
      await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
        if (!process.isAlive()) {
          throw new IllegalStateException("cert-manager exited with " + process.exitValue() + ":\n" + tail());
        }
        try {
          return http.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListeningYet) {
          return false;
        }
      });
    } catch (ConditionTimeoutException e) {
      close();
      throw new IllegalStateException("cert-manager was not ready within " + READY_TIMEOUT + ":\n" + tail(), e);
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
  }
}
