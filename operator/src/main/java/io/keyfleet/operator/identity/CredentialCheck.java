package io.keyfleet.operator.identity;

import io.fabric8.kubernetes.api.model.Secret;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.operator.pki.CaMaterial;
import io.keyfleet.operator.pki.KeyChecks;
import io.keyfleet.operator.pki.Pem;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether the credentials in a device Secret can be kept, or must be issued afresh. The
 * costly checks (signature by the fleet CA, key pair match) are remembered per Secret version: a
 * device is reconciled many times, its Secret rarely changes.
 */
final class CredentialCheck {
  private record Verdict(String resourceVersion, String caFingerprint, boolean signedByCa, boolean keyMatches) {}

  private final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();

  /** Why the held credentials cannot be kept (null when they can). */
  String reissueReason(DeviceIdentity device, CaMaterial ca, Optional<DeviceSecret.Contents> held, Secret secret, Instant now) {
    if (held.isEmpty()) {
      return "no certificate yet";
    }
    X509Certificate leaf = held.get().leaf();
    Verdict verdict = verdict(secret, ca, held.get());
    if (!verdict.signedByCa()) {
      return "the certificate was not issued by the fleet's current CA";
    }
    if (!now.isBefore(leaf.getNotAfter().toInstant())) {
      return "the certificate expired";
    }
    try {
      if (leaf.getSubjectAlternativeNames() == null
          || leaf.getSubjectAlternativeNames().stream().noneMatch(n -> CertificateTemplating.deviceUri(device).equals(n.get(1)))) {
        return "the certificate does not name this device";
      }
    } catch (Exception e) {
      return "the certificate cannot be read";
    }
    boolean csrDevice = device.getSpec().getCsr() != null;
    if (csrDevice && held.get().key().isPresent()) {
      return "the device now holds its own key (spec.csr)";
    }
    if (!csrDevice && held.get().key().isEmpty()) {
      return "the device no longer sends a CSR; it gets a generated key";
    }
    if (held.get().key().isPresent() && !verdict.keyMatches()) {
      return "tls.key does not match tls.crt";
    }
    return null;
  }

  /** Records a Secret the operator just wrote: made with this CA and this key, no need to check it. */
  void trust(Secret written, CaMaterial ca) {
    verdicts.put(written.getMetadata().getUid(),
        new Verdict(written.getMetadata().getResourceVersion(), Pem.sha256Fingerprint(ca.certificate()), true, true));
  }

  /** Forgets a Secret (its device is gone). */
  void forget(String secretUid) {
    if (secretUid != null) {
      verdicts.remove(secretUid);
    }
  }

  private Verdict verdict(Secret secret, CaMaterial ca, DeviceSecret.Contents held) {
    String fingerprint = Pem.sha256Fingerprint(ca.certificate());
    String uid = secret == null ? null : secret.getMetadata().getUid();
    String version = secret == null ? "" : secret.getMetadata().getResourceVersion();
    Verdict known = uid == null ? null : verdicts.get(uid);
    if (known != null && known.resourceVersion().equals(version) && known.caFingerprint().equals(fingerprint)) {
      return known;
    }
    Verdict fresh = new Verdict(version, fingerprint,
        KeyChecks.signedBy(held.leaf(), ca.certificate().getPublicKey()),
        held.key().map(k -> KeyChecks.belongTogether(k, held.leaf().getPublicKey())).orElse(true));
    if (uid != null) {
      verdicts.put(uid, fresh);
    }
    return fresh;
  }
}
