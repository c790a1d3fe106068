package io.keyfleet.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.api.v1alpha1.campaign.DeviceSelector;
import io.keyfleet.api.v1alpha1.campaign.FailureAction;
import io.keyfleet.api.v1alpha1.campaign.Wave;
import io.keyfleet.api.v1alpha1.identity.ReportedState;
import io.keyfleet.api.v1alpha1.identity.UpdateState;
import io.keyfleet.connector.Refusal;
import io.keyfleet.operator.status.Conditions;
import io.keyfleet.operator.testing.CampaignFixtures;
import io.keyfleet.operator.testing.LocalControlPlane;
import io.keyfleet.operator.testing.OperatorProcess;
import io.keyfleet.operator.testing.Tools;
import io.keyfleet.simulator.DeviceResult;
import io.keyfleet.simulator.DeviceState;
import io.keyfleet.simulator.Simulation;
import io.keyfleet.simulator.SimulatorOptions;
import io.keyfleet.simulator.Tamper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole flow with 1,000 simulated devices on the real control plane and registry, the
 * operator running as its own process: every identity issued; a canary campaign and a campaign for
 * another model first (so that genuine older and other-model manifests exist to be replayed);
 * then the main campaign through three waves, with the API server restarted in the middle of it.
 * Three devices are handed tampered deliveries (forged, replayed, for another model) and must each
 * refuse with its reason; one revoked device must never be assigned anything.
 */
class FleetUpdateE2E {
  static final int DEVICES = 1000;
  static final String FLEET = "pumps";
  static final String REVOKED = "dev-000007";
  static final String REPLAYED = "dev-000001"; // a canary: it installs 2.4.0 first
  static final String FORGED = "dev-000101";
  static final String OTHER_MODEL = "dev-000201";
  Process operator;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.destroyForcibly();
    }
  }

  @Test
  void aThousandDevicesUpdateAndEveryTamperedDeliveryIsRefused() throws Exception {
    LocalControlPlane plane = LocalControlPlane.get().withCrds();
    KubernetesClient client = plane.client();
    String ns = plane.createNamespace("e2e");
    operator = OperatorProcess.startWatching(plane, ns, Files.createTempFile("fleet-e2e-operator", ".log"));
    CampaignFixtures fixtures = new CampaignFixtures(plane);
    String repository = fixtures.firmwareRepository(ns);
    for (String version : List.of("2.4.0", "2.4.1", "3.1.0")) {
      fixtures.pushFirmware(ns, version);
    }
    fixtures.fleet(ns, repository);

    // 1,000 devices, 2 % of them another model, enrolled and played by the simulator.
    SimulatorOptions options = SimulatorOptions.parse("--namespace", ns, "--fleet", FLEET, "--create", String.valueOf(DEVICES),
        "--prefix", "dev", "--models", "pump-x2=49,pump-x3=1", "--labels", "ward=icu", "--installed", "pump-x2=2.3.7,pump-x3=3.0.0",
        "--install-time", "200ms", "--concurrency", "64");
    try (Simulation simulation = new Simulation(client, options)) {
      assertThat(simulation.enrol()).isEqualTo(DEVICES);
      await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> devices(client, ns).stream()
          .filter(d -> d.getStatus() != null && Conditions.isTrue(d.getStatus().getConditions(), "Ready")).count() == DEVICES);
      revoke(client, ns, REVOKED);
      for (int i = 1; i <= 11; i++) {
        String name = String.format("dev-%06d", i);
        client.resources(DeviceIdentity.class).inNamespace(ns).withName(name).edit(d -> {
          d.getMetadata().getLabels().put("ring", "canary");
          return d;
        });
      }
      simulation.tamper(REPLAYED, Tamper.REPLAYED).tamper(FORGED, Tamper.FORGED).tamper(OTHER_MODEL, Tamper.OTHER_MODEL).start();
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> devices(client, ns).stream()
          .filter(d -> d.getStatus().getReported() != null).count() == DEVICES - 1);

      // Genuine manifests to replay: 2.4.0 for the canaries (sequence 1), 3.1.0 for pump-x3 (2).
      campaign(fixtures, ns, "x2-canary-2.4.0", "2.4.0", "pump-x2", List.of(100), c -> c.getSpec().setSelector(selector("ring", "canary")));
      awaitSucceeded(client, fixtures, ns, "x2-canary-2.4.0", 10);
      campaign(fixtures, ns, "x3-3.1.0", "3.1.0", "pump-x3", List.of(100), c -> { });
      awaitSucceeded(client, fixtures, ns, "x3-3.1.0", 20);

      // The main campaign, through three waves; the API server restarts while it rolls.
      campaign(fixtures, ns, "x2-2.4.1", "2.4.1", "pump-x2", List.of(10, 45, 45), c -> c.getSpec().getStrategy().setMaxDevicesPerMinute(3000));
      var main = client.resources(UpdateCampaign.class).inNamespace(ns).withName("x2-2.4.1");
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
        var s = main.get().getStatus();
        return s != null && s.getCurrentWave() != null && s.getCurrentWave() >= 1;
      });
      plane.restartApiServer();
      // A wave passes at its success threshold: the last devices may still report after Succeeded.
      UpdateCampaign done = awaitSucceeded(client, fixtures, ns, "x2-2.4.1", DEVICES - 20 - 1 - 3);
      long sequence = done.getStatus().getManifest().getSequence();
      await().atMost(Duration.ofMinutes(1)).until(() -> reported(client, ns).values().stream()
          .filter(r -> "2.4.1".equals(r.getFirmwareVersion())).count() == DEVICES - 20 - 1 - 3);

      Map<String, ReportedState> reports = reported(client, ns);
      List<String> wrong = new ArrayList<>();
      for (DeviceIdentity d : devices(client, ns)) {
        String name = d.getMetadata().getName();
        ReportedState r = reports.get(name);
        boolean x3 = d.getSpec().getModel().equals("pump-x3");
        if (name.equals(REVOKED) || name.equals(FORGED) || name.equals(REPLAYED) || name.equals(OTHER_MODEL)) {
          continue;
        }
        String expected = x3 ? "3.1.0" : "2.4.1";
        if (r == null || r.getUpdateState() != UpdateState.Succeeded || !expected.equals(r.getFirmwareVersion())
            || (!x3 && r.getSequence() != sequence)) {
          wrong.add(name + "=" + (r == null ? "none" : r.getFirmwareVersion() + "/" + r.getUpdateState()));
        }
      }
      assertThat(wrong).as("devices not reporting the new version").isEmpty();
      assertThat(done.getStatus().getTotals().getSucceeded()).isEqualTo(DEVICES - 20 - 1 - 3);

      // Each tampered delivery was refused with its reason, reported as Rejected, nothing installed.
      Map<String, Refusal> expected = Map.of(FORGED, Refusal.BAD_SIGNATURE, REPLAYED, Refusal.NOT_NEWER, OTHER_MODEL, Refusal.WRONG_MODEL);
      Map<String, DeviceResult> results = simulation.results();
      expected.forEach((device, refusal) -> {
        assertThat(results.get(device).state()).as(device).isEqualTo(DeviceState.REJECTED);
        assertThat(results.get(device).refusal()).as(device).isEqualTo(refusal);
        ReportedState r = reports.get(device);
        assertThat(r.getUpdateState()).as(device).isEqualTo(UpdateState.Rejected);
        assertThat(r.getMessage()).as(device).startsWith(refusal.name() + ":");
        assertThat(r.getSequence()).as("%s reports on the assignment it was given", device).isEqualTo(sequence);
      });
      assertThat(reports.get(REPLAYED).getFirmwareVersion()).isEqualTo("2.4.0");
      assertThat(reports.get(FORGED).getFirmwareVersion()).isEqualTo("2.3.7");
      assertThat(done.getStatus().getTotals().getFailed()).isEqualTo(3);

      // The revoked device was never assigned anything.
      DeviceIdentity revoked = client.resources(DeviceIdentity.class).inNamespace(ns).withName(REVOKED).get();
      assertThat(revoked.getStatus().getUpdate()).isNull();
      assertThat(reports.get(REVOKED)).isNull();

      // Independent check: cosign accepts the campaign's manifest with a device's update-trust.pem.
      Path dir = Files.createTempDirectory("fleet-e2e");
      String trust = client.secrets().inNamespace(ns).withName("dev-000002-tls").get().getData().get("update-trust.pem");
      Files.write(dir.resolve("trust.pem"), Base64.getDecoder().decode(trust));
      var verified = Tools.run("cosign", dir, "verify", "--key", "trust.pem", "--insecure-ignore-tlog=true", "--allow-http-registry",
          done.getStatus().getManifest().getReference());
      assertThat(verified.exitCode()).as(verified.output()).isZero();
      System.out.printf("fleet e2e: %d devices, campaign %s sequence %d: %s; refusals %s%n", DEVICES, "x2-2.4.1", sequence,
          done.getStatus().getTotals(), results.values().stream().filter(r -> r.refusal() != null)
              .collect(Collectors.toMap(DeviceResult::device, r -> r.refusal().name())));
    } finally {
      fixtures.close();
    }
  }

  private static void campaign(CampaignFixtures fixtures, String ns, String name, String version, String model, List<Integer> waves,
      Consumer<UpdateCampaign> customize) {
    fixtures.campaign(ns, name, FailureAction.Pause, fixtures.firmwareRepository(ns), c -> {
      c.getSpec().getFirmware().setVersion(version);
      c.getSpec().getFirmware().setArtifact(fixtures.firmwareRepository(ns) + ":" + version);
      c.getSpec().getFirmware().setModels(List.of(model));
      c.getSpec().getStrategy().setWaves(new ArrayList<>());
      for (int percent : waves) {
        Wave w = new Wave();
        w.setPercent(percent);
        w.setSoak("0s");
        c.getSpec().getStrategy().getWaves().add(w);
      }
      customize.accept(c);
    });
  }

  /** The campaign Succeeded and, once the last reports are in, this many devices succeeded. */
  private static UpdateCampaign awaitSucceeded(KubernetesClient client, CampaignFixtures fixtures, String ns, String name, long devices) {
    fixtures.awaitPhase(ns, name, CampaignPhase.Succeeded);
    var campaigns = client.resources(UpdateCampaign.class).inNamespace(ns).withName(name);
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      var totals = campaigns.get().getStatus().getTotals();
      assertThat(totals.getSucceeded() + totals.getFailed() + totals.getTimedOut()).as("%s: %s; unfinished: %s", name, totals,
          client.resources(DeviceIdentity.class).inNamespace(ns).list().getItems().stream()
              .filter(d -> d.getStatus().getUpdate() != null && name.equals(d.getStatus().getUpdate().getCampaign()))
              .filter(d -> d.getStatus().getReported() == null || !name.equals(d.getStatus().getReported().getCampaign())
                  || d.getStatus().getReported().getUpdateState() == UpdateState.Downloading
                  || d.getStatus().getReported().getUpdateState() == UpdateState.Installing)
              .map(d -> d.getMetadata().getName() + "=" + d.getStatus().getReported()).limit(5).toList())
          .isEqualTo(totals.getEligible());
    });
    UpdateCampaign c = campaigns.get();
    assertThat(c.getStatus().getTotals().getSucceeded()).as("%s: %s", name, c.getStatus().getTotals()).isEqualTo(devices);
    return c;
  }

  private static DeviceSelector selector(String key, String value) {
    DeviceSelector s = new DeviceSelector();
    s.setMatchLabels(Map.of(key, value));
    return s;
  }

  private static void revoke(KubernetesClient client, String ns, String name) {
    client.resources(DeviceIdentity.class).inNamespace(ns).withName(name).edit(d -> {
      d.getSpec().setRevoked(true);
      d.getSpec().setRevocationReason(io.keyfleet.api.v1alpha1.identity.RevocationReason.keyCompromise);
      return d;
    });
  }

  private static List<DeviceIdentity> devices(KubernetesClient client, String ns) {
    return client.resources(DeviceIdentity.class).inNamespace(ns).list().getItems();
  }

  private static Map<String, ReportedState> reported(KubernetesClient client, String ns) {
    Map<String, ReportedState> out = new java.util.HashMap<>();
    for (DeviceIdentity d : devices(client, ns)) {
      if (d.getStatus() != null && d.getStatus().getReported() != null) {
        out.put(d.getMetadata().getName(), d.getStatus().getReported());
      }
    }
    return out;
  }

}
