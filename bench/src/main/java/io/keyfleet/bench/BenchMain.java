package io.keyfleet.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintStream;
import java.util.function.Function;

/**
 * What every benchmark program (identities, campaign, certmanager) does around its run: parses
 * the options (exit 2 when bad), makes the client (KUBECONFIG), prints the JSON of all figures as
 * the last line of standard output, also after a {@link BenchmarkFailure}, and exits 0 when the
 * run was complete, 1 when not.
 */
public final class BenchMain {
  static final int COMPLETE = 0;
  static final int INCOMPLETE = 1;
  static final int BAD_OPTIONS = 2;

  /** One benchmark, made for one run. */
  public interface Benchmark {
    /** Runs it, putting figures as it goes; true when complete. */
    boolean run() throws Exception;
  }

  /** Makes the benchmark from its options, the client and the figures of the run. */
  public interface Factory<O> {
    Benchmark create(O options, KubernetesClient client, Figures figures);
  }

  /** Makes a benchmark of the operator process that e2e/bin/bench started (identities, campaign). */
  public interface OperatorBenchmarkFactory {
    Benchmark create(BenchOptions options, KubernetesClient client, OperatorProcess operator, Figures figures);
  }

  private BenchMain() {}

  /** Runs a benchmark of the operator that e2e/bin/bench started, watched through --operator-pid, and exits. */
  public static void run(String[] args, OperatorBenchmarkFactory factory) throws Exception {
    run(args, BenchOptions::parse, (options, client, figures) -> () -> {
      try (OperatorProcess operator = new OperatorProcess(options)) {
        return factory.create(options, client, operator, figures).run();
      }
    });
  }

  /**
   * Runs a benchmark and exits.
   *
   * @param parse reads the options; its {@link IllegalArgumentException} is a bad command line
   */
  public static <O> void run(String[] args, Function<String[], O> parse, Factory<O> factory) throws Exception {
    int status = run(args, parse, factory, System.out, System.err);
    System.exit(status);
  }

  /** The same, printing to the streams given; returns the exit status. */
  static <O> int run(String[] args, Function<String[], O> parse, Factory<O> factory, PrintStream out, PrintStream err)
      throws Exception {
    O options;
    try {
      options = parse.apply(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return BAD_OPTIONS;
    }
    Figures figures = new Figures(out);
    boolean complete;
    Config config = io.keyfleet.api.client.ClientConfigs.withoutTokenlessRefresh(
        new ConfigBuilder(Config.autoConfigure(null)).withRequestTimeout(60_000).build());
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      complete = factory.create(options, client, figures).run();
    } catch (BenchmarkFailure e) {
      figures.put("complete", false).put("error", e.getMessage());
      err.println("[bench] error: " + e.getMessage());
      complete = false;
    }
    out.println(figures.toJson());
    out.flush();
    return complete ? COMPLETE : INCOMPLETE;
  }
}
