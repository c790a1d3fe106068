package io.keyfleet.operator.testing;

import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceFleetSpec;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.DeviceIdentitySpec;
import io.keyfleet.api.v1alpha1.KeyRotationPolicy;
import io.keyfleet.api.v1alpha1.UpdateCampaign;
import io.keyfleet.api.v1alpha1.UpdateCampaignSpec;
import io.keyfleet.api.v1alpha1.campaign.FirmwareSpec;
import io.keyfleet.api.v1alpha1.campaign.RolloutStrategy;
import io.keyfleet.api.v1alpha1.campaign.Wave;
import io.keyfleet.api.v1alpha1.common.ObjectRef;
import io.keyfleet.api.v1alpha1.fleet.BuiltinIssuer;
import io.keyfleet.api.v1alpha1.fleet.IssuerSpec;
import java.util.List;

/** Small, valid Keyfleet objects for tests. */
public final class Resources {
  private Resources() {}

  public static KeyRotationPolicy policy(String namespace, String name) {
    KeyRotationPolicy p = new KeyRotationPolicy();
    p.getMetadata().setNamespace(namespace);
    p.getMetadata().setName(name);
    return p;
  }

  public static DeviceFleet fleet(String namespace, String name, String policy) {
    DeviceFleet f = new DeviceFleet();
    f.getMetadata().setNamespace(namespace);
    f.getMetadata().setName(name);
    DeviceFleetSpec spec = new DeviceFleetSpec();
    IssuerSpec issuer = new IssuerSpec();
    issuer.setBuiltin(new BuiltinIssuer());
    spec.setIssuer(issuer);
    spec.setRotationPolicyRef(new ObjectRef(policy));
    f.setSpec(spec);
    return f;
  }

  public static DeviceIdentity device(String namespace, String name, String fleet) {
    DeviceIdentity d = new DeviceIdentity();
    d.getMetadata().setNamespace(namespace);
    d.getMetadata().setName(name);
    DeviceIdentitySpec spec = new DeviceIdentitySpec();
    spec.setFleetRef(new ObjectRef(fleet));
    spec.setDeviceId(name.toUpperCase(java.util.Locale.ROOT));
    spec.setModel("pump-x2");
    d.setSpec(spec);
    return d;
  }

  public static UpdateCampaign campaign(String namespace, String name, String fleet) {
    UpdateCampaign c = new UpdateCampaign();
    c.getMetadata().setNamespace(namespace);
    c.getMetadata().setName(name);
    UpdateCampaignSpec spec = new UpdateCampaignSpec();
    spec.setFleetRef(new ObjectRef(fleet));
    FirmwareSpec firmware = new FirmwareSpec();
    firmware.setVersion("2.4.1");
    firmware.setArtifact("127.0.0.1:5000/firmware/pump-x2:2.4.1");
    firmware.setModels(List.of("pump-x2"));
    spec.setFirmware(firmware);
    RolloutStrategy strategy = new RolloutStrategy();
    Wave wave = new Wave();
    wave.setPercent(100);
    strategy.setWaves(List.of(wave));
    spec.setStrategy(strategy);
    c.setSpec(spec);
    return c;
  }
}
