package io.keyfleet.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the openssl command line as an independent verifier of what the pki package produces. */
final class OpenSsl {
  /** Exit code and merged stdout/stderr of one openssl run. */
  record Result(int exitCode, String output) {}

  private OpenSsl() {}

  /** Runs {@code openssl args...} in the directory. */
  static Result run(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    return exec(dir, command);
  }

  /** Runs any command in the directory, stdin empty, stdout and stderr merged. */
  static Result exec(Path dir, List<String> command) {
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs openssl and asserts it succeeded; returns its output. */
  static String ok(Path dir, String... args) {
    Result result = run(dir, args);
    assertThat(result.exitCode())
        .as("openssl %s failed:%n%s", String.join(" ", args), result.output())
        .isZero();
    return result.output();
  }

  /** Writes a text file into the directory and returns its path. */
  static Path write(Path dir, String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a text file from the directory. */
  static String read(Path dir, String name) {
    try {
      return Files.readString(dir.resolve(name), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
