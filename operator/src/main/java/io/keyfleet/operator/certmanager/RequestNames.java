package io.keyfleet.operator.certmanager;

import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.operator.oci.Digests;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Locale;

/**
 * Names of the CertificateRequests Keyfleet creates. Deterministic, so a reconcile after a crash
 * finds the request it made before instead of making a second one.
 */
public final class RequestNames {
  static final int MAX = 253;

  private RequestNames() {}

  /** A device's request for one revision of its certificate: {@code <device>-r<revision>}. */
  public static String device(DeviceIdentity device, long revision) {
    return fit(device.getMetadata().getName() + "-r" + revision);
  }

  /**
   * The fleet's request for a CRL-signing certificate for one key and subject: a new key, or the
   * CA's subject learnt from the first answer, gives a new name.
   */
  public static String crlSigner(DeviceFleet fleet, PublicKey key, String subject) {
    return delegated(fleet, Delegation.Kind.CRL_SIGNER, key, subject, "");
  }

  /**
   * The fleet's request for a certificate of its own (see {@link Delegation}) for one key and
   * subject, replacing the certificate with serial {@code replacing} ("" for none): a renewal for
   * the same key (an intermediate CA) gets a name of its own, so a request left over from the last
   * renewal is never taken for the answer.
   */
  public static String delegated(DeviceFleet fleet, Delegation.Kind kind, PublicKey key, String subject, String replacing) {
    byte[] identity = (subject + "\n" + (replacing.isEmpty() ? "" : replacing + "\n")).getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[identity.length + key.getEncoded().length];
    System.arraycopy(identity, 0, all, 0, identity.length);
    System.arraycopy(key.getEncoded(), 0, all, identity.length, key.getEncoded().length);
    return fit(fleet.getMetadata().getName() + "-" + kind.component + "-" + Digests.shortSha256(all).toLowerCase(Locale.ROOT));
  }

  /**
   * Long names are cut and end with a hash of the whole, so two never meet. A dot at the cut is
   * dropped: {@code ".-"} would start a DNS label with a hyphen, which the API server refuses.
   */
  static String fit(String name) {
    if (name.length() <= MAX) {
      return name;
    }
    String hash = Digests.shortSha256(name.getBytes(StandardCharsets.UTF_8)).toLowerCase(Locale.ROOT);
    String kept = name.substring(0, MAX - hash.length() - 1);
    while (kept.endsWith(".")) {
      kept = kept.substring(0, kept.length() - 1);
    }
    return kept + "-" + hash;
  }
}
