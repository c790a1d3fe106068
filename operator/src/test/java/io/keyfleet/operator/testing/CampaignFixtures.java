package io.keyfleet.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.campaign.CampaignPhase;
import io.keyfleet.api.v1alpha1.campaign.FailureAction;
import io.keyfleet.api.v1alpha1.campaign.RollbackTarget;
import io.keyfleet.api.v1alpha1.campaign.Wave;
import io.keyfleet.api.v1alpha1.fleet.RegistrySpec;
import io.keyfleet.api.v1alpha1.fleet.UpdatesSpec;
import io.keyfleet.operator.status.Conditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Fleets with an update channel on the control plane's registry, Ready devices answered by a
 * {@link DeviceSimulator}, and campaigns over them: what the campaign integration tests share.
 */
public final class CampaignFixtures implements AutoCloseable {
  private final LocalControlPlane plane;
  private final KubernetesClient client;
  private final List<DeviceSimulator> simulators = new ArrayList<>();

  public CampaignFixtures(LocalControlPlane plane) {
    this.plane = plane;
    this.client = plane.client();
  }

  /**
   * Firmware lives in the fleet's repository, next to its manifests: the referrers API (and oras
   * discover) then lists each manifest under its firmware.
   */
  public String firmwareRepository(String namespace) {
    return plane.registry() + "/keyfleet/" + namespace;
  }

  public void pushFirmware(String namespace, String version) throws Exception {
    Path dir = Files.createTempDirectory("firmware");
    Files.writeString(dir.resolve("pump-x2.bin"), "firmware image " + version);
    Tools.run("oras", dir, "push", "--plain-http", "--artifact-type", "application/vnd.example.firmware.v1",
        firmwareRepository(namespace) + ":" + version, "pump-x2.bin");
  }

  /** A fleet with an update channel and the given number of Ready devices that run 2.3.7. */
  public DeviceSimulator fleetWithDevices(String namespace, int count, Predicate<DeviceIdentity> fails) throws Exception {
    pushFirmware(namespace, "2.3.7");
    pushFirmware(namespace, "2.4.1");
    return fleetWithDevices(namespace, count, firmwareRepository(namespace), fails);
  }

  /** The policy "standard" and the fleet "pumps" with an update channel on the given repository. */
  public void fleet(String namespace, String repository) {
    client.resources(KeyRotationPolicy.class).inNamespace(namespace).resource(Resources.policy(namespace, "standard")).create();
    DeviceFleet fleet = Resources.fleet(namespace, "pumps", "standard");
    UpdatesSpec updates = new UpdatesSpec();
    RegistrySpec registry = new RegistrySpec();
    registry.setRepository(repository);
    registry.setInsecure(true);
    updates.setRegistry(registry);
    fleet.getSpec().setUpdates(updates);
    client.resources(DeviceFleet.class).inNamespace(namespace).resource(fleet).create();
  }

  public DeviceSimulator fleetWithDevices(String namespace, int count, String repository, Predicate<DeviceIdentity> fails) {
    fleet(namespace, repository);
    List<String> names = IntStream.range(0, count).mapToObj(i -> String.format("pump-%03d", i)).toList();
    names.parallelStream().forEach(n -> {
      DeviceIdentity d = Resources.device(namespace, n, "pumps");
      d.getMetadata().setLabels(java.util.Map.of("ward", "icu"));
      client.resources(DeviceIdentity.class).inNamespace(namespace).resource(d).create();
    });
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
        client.resources(DeviceIdentity.class).inNamespace(namespace).list().getItems().stream()
            .filter(d -> d.getStatus() != null && Conditions.isTrue(d.getStatus().getConditions(), "Ready")).count() == count);
    DeviceSimulator simulator = new DeviceSimulator(client, namespace, fails);
    simulators.add(simulator);
    simulator.reportInstalled(names, "2.3.7");
    return simulator.start();
  }

  public UpdateCampaign campaign(String namespace, String name, FailureAction onFailure) {
    return campaign(namespace, name, onFailure, firmwareRepository(namespace));
  }

  public UpdateCampaign campaign(String namespace, String name, FailureAction onFailure, String repository) {
    return campaign(namespace, name, onFailure, repository, c -> { });
  }

  public UpdateCampaign campaign(String namespace, String name, FailureAction onFailure, String repository,
      java.util.function.Consumer<UpdateCampaign> customize) {
    UpdateCampaign c = Resources.campaign(namespace, name, "pumps");
    c.getSpec().getFirmware().setVersion("2.4.1");
    c.getSpec().getFirmware().setArtifact(repository + ":2.4.1");
    c.getSpec().getFirmware().setModels(List.of("pump-x2"));
    c.getSpec().getFirmware().setMinimumVersion(null);
    var strategy = c.getSpec().getStrategy();
    strategy.setWaves(new ArrayList<>());
    for (int percent : new int[] {10, 45, 45}) {
      Wave w = new Wave();
      w.setPercent(percent);
      w.setSoak("0s");
      strategy.getWaves().add(w);
    }
    strategy.setMaxDevicesPerMinute(100000);
    strategy.setDeviceTimeout("10m");
    strategy.setOnFailure(onFailure);
    if (onFailure == FailureAction.Rollback) {
      RollbackTarget back = new RollbackTarget();
      back.setVersion("2.3.7");
      back.setArtifact(repository + ":2.3.7");
      strategy.setRollbackTo(back);
    }
    customize.accept(c);
    return client.resources(UpdateCampaign.class).inNamespace(namespace).resource(c).create();
  }

  public UpdateCampaign awaitPhase(String namespace, String name, CampaignPhase phase) {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
      UpdateCampaign c = client.resources(UpdateCampaign.class).inNamespace(namespace).withName(name).get();
      return c.getStatus() != null && c.getStatus().getPhase() == phase;
    });
    return client.resources(UpdateCampaign.class).inNamespace(namespace).withName(name).get();
  }

  public List<DeviceIdentity> devices(String namespace) {
    return client.resources(DeviceIdentity.class).inNamespace(namespace).list().getItems();
  }

  @Override
  public void close() {
    simulators.forEach(DeviceSimulator::close);
  }
}
