package io.keyfleet.operator.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The independent verifier CLIs (cosign, oras, helm) that {@code e2e/bin/control-plane bin TOOL}
 * builds from the Go module proxy into the cache, run as a user would run them.
 */
public final class Tools {
  private static final Map<String, Path> PATHS = new ConcurrentHashMap<>();

  private Tools() {}

  /** What a command printed (stdout and stderr together) and how it exited. */
  public record Result(int exitCode, String output) {}

  /** The tool's binary, built on first use (a cold build takes a few minutes). */
  public static Path path(String tool) {
    return PATHS.computeIfAbsent(tool, Tools::locate);
  }

  /** Runs the tool in {@code workDir} with no input; fails the test if it does not finish in 2 min. */
  public static Result run(String tool, Path workDir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(path(tool).toString());
    command.addAll(List.of(args));
    Commands.Result r = Commands.run(command, workDir, Duration.ofMinutes(2));
    return new Result(r.exitCode(), r.output());
  }

  private static Path locate(String tool) {
    Path script = LocalControlPlane.repositoryRoot().resolve("e2e/bin/control-plane");
    try {
      Path log = Files.createTempFile("keyfleet-bin-" + tool, ".log");
      Process p = new ProcessBuilder(script.toString(), "bin", tool).redirectError(log.toFile()).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0 || out.isEmpty()) {
        throw new IllegalStateException(
            "e2e/bin/control-plane bin " + tool + " failed (exit " + p.exitValue() + "):\n" + Files.readString(log));
      }
      Files.delete(log);
      Path binary = Path.of(out.lines().reduce((first, second) -> second).orElseThrow());
      if (!Files.isExecutable(binary)) {
        throw new IllegalStateException("e2e/bin/control-plane bin " + tool + " printed " + binary + ", which is not executable");
      }
      return binary;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
