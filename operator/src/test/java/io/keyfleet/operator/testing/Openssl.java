package io.keyfleet.operator.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;


/** Runs the openssl command line, the independent party that checks our certificates and CRLs. */
public final class Openssl {
  private Openssl() {}

  /** What openssl printed and how it exited. */
  public record Result(int exitCode, String output) {}

  public static Result run(Path workDir, String... args) {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Commands.Result r = Commands.run(command, workDir, Duration.ofSeconds(60));
    return new Result(r.exitCode(), r.output());
  }
}
