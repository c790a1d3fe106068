package io.keyfleet.bench;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A controller the certmanager benchmark starts and stops itself, one after another on the same
 * API server (cert-manager, the operator's jar): its log goes to a file, its pid to
 * {@code <pid dir>/<name>.pid} so that e2e/bin/bench can stop it if the benchmark dies, and
 * closing it stops it as a Deployment would (SIGTERM, then a kill after 20 s).
 */
public final class ControllerProcess implements AutoCloseable {
  static final Duration START_MAX = Duration.ofSeconds(120);

  private final String name;
  private final Process process;
  private final Path log;
  private final Path pidFile;

  private ControllerProcess(String name, Process process, Path log, Path pidFile) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.pidFile = pidFile;
  }

  /** Starts cert-manager with these arguments (after its own --health-address) and returns once /readyz answers 200. */
  public static ControllerProcess certManager(String name, List<String> command, Path logDir, Path pidDir) {
    int port = freePort();
    List<String> full = new java.util.ArrayList<>(command);
    full.add("--health-address=127.0.0.1:" + port);
    ControllerProcess p = start(name, full, Map.of(), logDir, pidDir);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest readyz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).timeout(Duration.ofSeconds(2)).build();
    p.awaitReady(() -> {
      try {
        return http.send(readyz, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException notListeningYet) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
    return p;
  }

  /** Starts the operator's jar and returns once it logged that its controllers start. */
  public static ControllerProcess operator(String name, List<String> command, Map<String, String> env, Path logDir, Path pidDir) {
    ControllerProcess p = start(name, command, env, logDir, pidDir);
    p.awaitReady(() -> {
      try {
        return Files.exists(p.log) && Files.readString(p.log).contains("starting instance=");
      } catch (IOException e) {
        return false;
      }
    });
    return p;
  }

  private static ControllerProcess start(String name, List<String> command, Map<String, String> env, Path logDir, Path pidDir) {
    try {
      Path log = Files.createDirectories(logDir).resolve(name + ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      Process process = builder.start();
      process.getOutputStream().close();
      Path pidFile = Files.createDirectories(pidDir).resolve(name + ".pid");
      Files.writeString(pidFile, process.pid() + "\n");
      ControllerProcess p = new ControllerProcess(name, process, log, pidFile);
      // Also when the benchmark is interrupted: no controller outlives it.
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(BooleanSupplier ready) {
    long deadline = System.nanoTime() + START_MAX.toNanos();
    try {
      while (!ready.getAsBoolean()) {
        if (!process.isAlive()) {
          throw new BenchmarkFailure(name + " exited at start with " + process.exitValue() + " (see " + log + ")");
        }
        if (System.nanoTime() > deadline) {
          close();
          throw new BenchmarkFailure(name + " was not ready after " + START_MAX.toSeconds() + " s (see " + log + ")");
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new BenchmarkFailure("interrupted while " + name + " started");
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      // the script's clean-up checks the pid before it kills
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
