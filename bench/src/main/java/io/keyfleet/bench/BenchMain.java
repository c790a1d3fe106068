package io.keyfleet.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintStream;

/**
 * What every benchmark program does around its run: parses the options (exit 2 when bad), makes
 * the client (KUBECONFIG) and the operator's process handle, prints the JSON of all figures as
 * the last line of standard output, also after a {@link BenchmarkFailure}, and exits 0 when the
 * run was complete, 1 when not.
 */
public final class BenchMain {
  /** One benchmark, made for one run. */
  public interface Benchmark {
    /** Runs it, putting figures as it goes; true when complete. */
    boolean run() throws Exception;
  }

  /** Makes the benchmark from what the run has. */
  public interface Factory {
    Benchmark create(BenchOptions options, KubernetesClient client, OperatorProcess operator, Figures figures);
  }

  private BenchMain() {}

  public static void run(String[] args, Factory factory) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    PrintStream out = System.out;
    Figures figures = new Figures(out);
    boolean complete;
    Config config = io.keyfleet.api.client.ClientConfigs.withoutTokenlessRefresh(
        new ConfigBuilder(Config.autoConfigure(null)).withRequestTimeout(60_000).build());
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        OperatorProcess operator = new OperatorProcess(options)) {
      complete = factory.create(options, client, operator, figures).run();
    } catch (BenchmarkFailure e) {
      figures.put("complete", false).put("error", e.getMessage());
      System.err.println("[bench] error: " + e.getMessage());
      complete = false;
    }
    out.println(figures.toJson());
    out.flush();
    System.exit(complete ? 0 : 1);
  }
}
