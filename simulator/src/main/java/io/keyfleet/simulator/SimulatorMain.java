package io.keyfleet.simulator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.keyfleet.api.client.ClientConfigs;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The simulator's command line ({@code e2e/bin/simulate}): enrols devices if asked, plays them
 * until the campaign named by {@code --until-campaign} has finished (or until stopped), shows a
 * live progress line on standard error, and prints a summary on standard output, with one JSON
 * object as its last line. Exit status: 0 when the campaign succeeded (or the run was stopped), 1
 * when it ended otherwise or the timeout passed, 2 for bad options.
 */
public final class SimulatorMain {
  static final Set<CampaignPhase> FINISHED =
      EnumSet.of(CampaignPhase.Succeeded, CampaignPhase.Failed, CampaignPhase.Aborted, CampaignPhase.RolledBack);

  private SimulatorMain() {}

  public static void main(String[] args) throws Exception {
    if (java.util.Arrays.asList(args).contains("--help")) {
      System.out.print(SimulatorOptions.USAGE);
      return;
    }
    SimulatorOptions options;
    try {
      options = SimulatorOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(run(options, System.out, System.err));
  }

  static int run(SimulatorOptions options, PrintStream out, PrintStream err) throws Exception {
    long started = System.nanoTime();
    Config config = ClientConfigs.withoutTokenlessRefresh(Config.autoConfigure(null));
    boolean terminal = System.console() != null;
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        Simulation simulation = new Simulation(client, options)) {
      int enrolled = simulation.enrol();
      if (options.create() > 0) {
        err.printf("enrolled %d new devices (%d asked for) in %s/%s%n", enrolled, options.create(), options.namespace(), options.fleet());
      }
      simulation.start();
      Thread stop = Thread.currentThread();
      Runtime.getRuntime().addShutdownHook(new Thread(stop::interrupt));
      CampaignPhase phase = null;
      long deadline = started + options.timeout().toNanos();
      long lastLine = 0;
      try {
        while (System.nanoTime() < deadline) {
          Thread.sleep(1000);
          if (!options.untilCampaign().isEmpty()) {
            UpdateCampaign c = client.resources(UpdateCampaign.class).inNamespace(options.namespace()).withName(options.untilCampaign()).get();
            phase = c == null || c.getStatus() == null ? null : c.getStatus().getPhase();
          }
          String line = simulation.progress().line() + (phase == null ? "" : " | campaign " + phase);
          if (terminal) {
            err.print("\r" + line + "   ");
          } else if (System.nanoTime() - lastLine > Duration.ofSeconds(5).toNanos()) {
            err.println(line);
            lastLine = System.nanoTime();
          }
          if (phase != null && FINISHED.contains(phase)) {
            Thread.sleep(1500); // the last reports' watch events
            break;
          }
        }
      } catch (InterruptedException e) {
        // stopped: print the summary
      }
      if (terminal) {
        err.println();
      }
      Summary summary = Summary.of(options, simulation.progress(), simulation.results(), phase, Duration.ofNanos(System.nanoTime() - started));
      summary.print(out);
      boolean ok = options.untilCampaign().isEmpty() || phase == CampaignPhase.Succeeded;
      return ok ? 0 : 1;
    }
  }

  /** Devices by state with their refusals: the same figures as the progress line, with reasons. */
  static Map<String, Long> refusals(Map<String, DeviceResult> results) {
    return results.values().stream().filter(r -> r.refusal() != null)
        .collect(Collectors.groupingBy(r -> r.refusal().name(), TreeMap::new, Collectors.counting()));
  }
}
