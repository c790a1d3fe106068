package io.keyfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The one path every benchmark program takes; the client is made but never called (nothing here needs an API server). */
class BenchMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void aCompleteRunEndsWithTheJsonOfItsFiguresAndExitsZero() throws Exception {
    int status = run(new String[] {"--count", "5"}, (options, client, figures) -> () -> {
      figures.line("created %d", options.count());
      figures.put("count", options.count()).put("complete", true);
      return true;
    });
    assertThat(status).isEqualTo(BenchMain.COMPLETE);
    assertThat(lines(out)).containsExactly("created 5", "{\"count\":5,\"complete\":true}");
  }

  @Test
  void anIncompleteRunExitsOne() throws Exception {
    int status = run(new String[0], (options, client, figures) -> () -> {
      figures.put("complete", false);
      return false;
    });
    assertThat(status).isEqualTo(BenchMain.INCOMPLETE);
    assertThat(lines(out)).containsExactly("{\"complete\":false}");
  }

  @Test
  void aFailureStillEndsWithTheJsonNamingIt() throws Exception {
    int status = run(new String[0], (options, client, figures) -> () -> {
      figures.put("count", options.count());
      throw new BenchmarkFailure("the operator process 7 is not running");
    });
    assertThat(status).isEqualTo(BenchMain.INCOMPLETE);
    assertThat(lines(out)).containsExactly("{\"count\":10000,\"complete\":false,\"error\":\"the operator process 7 is not running\"}");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("[bench] error: the operator process 7 is not running");
  }

  @Test
  void aBadCommandLineExitsTwoWithTheMessageAndNoFigures() throws Exception {
    int status = run(new String[] {"--count", "0"}, (options, client, figures) -> () -> {
      throw new AssertionError("a benchmark with bad options must not be made");
    });
    assertThat(status).isEqualTo(BenchMain.BAD_OPTIONS);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--count must be a positive whole number, not '0'");
  }

  private int run(String[] args, BenchMain.Factory<BenchOptions> factory) throws Exception {
    return BenchMain.run(args, BenchOptions::parse, factory, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String[] lines(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8).split("\\R");
  }
}
