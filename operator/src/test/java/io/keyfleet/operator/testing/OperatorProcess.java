package io.keyfleet.operator.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The operator as a separate process (the shaded jar, as it runs in a cluster), for tests that kill it. */
public final class OperatorProcess {
  private OperatorProcess() {}

  /**
   * Starts {@code java -jar operator/target/keyfleet-operator-all.jar} against the plane, with the
   * given settings (KEYFLEET_* variables) added to the plane's environment; output goes to the log.
   */
  public static Process start(LocalControlPlane plane, Map<String, String> settings, Path log) throws IOException {
    Path jar = LocalControlPlane.repositoryRoot().resolve("operator/target/keyfleet-operator-all.jar");
    if (!jar.toFile().exists()) {
      throw new IllegalStateException(jar + " is missing: it is built in the package phase (mvn verify builds it)");
    }
    ProcessBuilder pb =
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(plane.environment());
    pb.environment().put("KEYFLEET_HTTP_PORT", "0");
    pb.environment().putAll(settings);
    return pb.start();
  }

  /**
   * The operator watching one namespace and keeping its own state (Lease, CA, signing keys) there,
   * without leader election: what a test that kills or restarts it needs.
   */
  public static Process startWatching(LocalControlPlane plane, String namespace, Path log) throws IOException {
    return start(plane, Map.of("KEYFLEET_NAMESPACE", namespace, "KEYFLEET_WATCH_NAMESPACES", namespace, "KEYFLEET_LEADER_ELECTION", "false"), log);
  }
}
