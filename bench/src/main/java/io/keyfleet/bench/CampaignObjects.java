package io.keyfleet.bench;

import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.UpdateCampaignSpec;
import io.keyfleet.api.v1alpha1.campaign.DeviceSelector;
import io.keyfleet.api.v1alpha1.campaign.FailureAction;
import io.keyfleet.api.v1alpha1.campaign.FailureThreshold;
import io.keyfleet.api.v1alpha1.campaign.FirmwareSpec;
import io.keyfleet.api.v1alpha1.campaign.RolloutStrategy;
import io.keyfleet.api.v1alpha1.campaign.Wave;
import io.keyfleet.api.v1alpha1.common.ObjectRef;
import io.keyfleet.api.v1alpha1.fleet.RegistrySpec;
import io.keyfleet.api.v1alpha1.fleet.UpdatesSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The campaign benchmark's objects: a fleet with an update channel, labelled devices, the campaign. */
public final class CampaignObjects {
  public static final String CAMPAIGN = "bench-pump-x2-2.4.1";
  public static final String INSTALLED = "2.3.7";
  public static final String TARGET = "2.4.1";
  public static final String MODEL = "pump-x2";
  static final Map<String, String> LABELS = Map.of("ward", "icu");
  /** Percent of the devices in each wave. */
  static final int[] WAVES = {1, 9, 90};

  private CampaignObjects() {}

  /** {@link BenchObjects#fleet}, with manifests (and firmware) in {@code repository}, over http. */
  public static DeviceFleet fleet(String namespace, String repository) {
    DeviceFleet fleet = BenchObjects.fleet(namespace);
    RegistrySpec registry = new RegistrySpec();
    registry.setRepository(repository);
    registry.setInsecure(true);
    UpdatesSpec updates = new UpdatesSpec();
    updates.setRegistry(registry);
    fleet.getSpec().setUpdates(updates);
    return fleet;
  }

  /** {@link BenchObjects#device}, labelled for the campaign's selector. */
  public static DeviceIdentity device(String namespace, int index) {
    DeviceIdentity d = BenchObjects.device(namespace, index);
    d.getMetadata().setLabels(LABELS);
    return d;
  }

  /**
   * 2.4.1 for every pump-x2 of the fleet's labelled devices: waves of 1, 9 and 90%, no soak, 95%
   * success to pass a wave, 5% failures (judged from 10 devices) pause it, no practical rate limit.
   */
  public static UpdateCampaign campaign(String namespace, String repository) {
    UpdateCampaign c = new UpdateCampaign();
    c.getMetadata().setNamespace(namespace);
    c.getMetadata().setName(CAMPAIGN);
    UpdateCampaignSpec spec = new UpdateCampaignSpec();
    spec.setFleetRef(new ObjectRef(BenchObjects.FLEET));
    DeviceSelector selector = new DeviceSelector();
    selector.getMatchLabels().putAll(LABELS);
    spec.setSelector(selector);
    FirmwareSpec firmware = new FirmwareSpec();
    firmware.setVersion(TARGET);
    firmware.setArtifact(repository + ":" + TARGET);
    firmware.setModels(List.of(MODEL));
    spec.setFirmware(firmware);
    RolloutStrategy strategy = new RolloutStrategy();
    List<Wave> waves = new ArrayList<>();
    for (int percent : WAVES) {
      Wave w = new Wave();
      w.setPercent(percent);
      w.setSoak("0s");
      waves.add(w);
    }
    strategy.setWaves(waves);
    strategy.setSuccessThreshold(95);
    FailureThreshold failure = new FailureThreshold();
    failure.setPercent(5);
    failure.setMinDevices(10);
    strategy.setFailureThreshold(failure);
    strategy.setMaxDevicesPerMinute(1_000_000);
    strategy.setDeviceTimeout("1h");
    strategy.setOnFailure(FailureAction.Pause);
    spec.setStrategy(strategy);
    c.setSpec(spec);
    return c;
  }
}
