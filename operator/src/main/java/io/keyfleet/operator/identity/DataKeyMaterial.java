package io.keyfleet.operator.identity;

import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.operator.pki.DataKeyWrap;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Makes the data-key entries of a device Secret: raw keys, or keys wrapped to the device's own key. */
public final class DataKeyMaterial {
  private DataKeyMaterial() {}

  /** The data keys after a plan: kept versions as they are, a new one made for this device. */
  static List<DeviceSecret.DataKey> after(
      DeviceIdentity device, List<DeviceSecret.DataKey> held, DataKeyRotation.Plan plan, PublicKey devicePublicKey, boolean wrap, Instant now) {
    List<DeviceSecret.DataKey> keys = new ArrayList<>();
    for (DeviceSecret.DataKey k : held) {
      if (!plan.destroy().contains(k.version())) {
        keys.add(k);
      }
    }
    if (plan.add()) {
      byte[] key = DataKeyWrap.newDataKey();
      byte[] material = wrap ? DataKeyWrap.wrap(devicePublicKey, key, dataKeyInfo(device, plan.newVersion())) : key;
      keys.add(new DeviceSecret.DataKey(plan.newVersion(), now, material));
    }
    return keys;
  }

  /** HPKE info that binds a wrapped data key to one device identity and version. */
  public static byte[] dataKeyInfo(DeviceIdentity device, int version) {
    return ("keyfleet data key|" + device.getMetadata().getNamespace() + "/" + device.getMetadata().getName() + "|v" + version)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
