package io.keyfleet.operator.signing;

import io.keyfleet.operator.oci.Digests;
import io.keyfleet.operator.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A fleet's update-signing keys: the active key signs manifests; a pending key is being published
 * to every device Secret and signs nothing yet; the previous key (public half only) stays trusted
 * so that manifests it signed keep verifying until the next rotation.
 */
public record SigningKeySet(SigningKey active, Optional<SigningKey> pending, Optional<SigningKey> previous) {
  public SigningKeySet {
    if (active.privateKey().isEmpty()) {
      throw new IllegalArgumentException("the active signing key has no private key");
    }
    previous = previous.map(SigningKey::publicOnly);
  }

  public static SigningKeySet of(SigningKey active) {
    return new SigningKeySet(active, Optional.empty(), Optional.empty());
  }

  /** Keys devices must trust, newest first: pending, active, previous. */
  public List<SigningKey> trusted() {
    List<SigningKey> keys = new ArrayList<>();
    pending.ifPresent(keys::add);
    keys.add(active);
    previous.ifPresent(keys::add);
    return keys;
  }

  public List<String> trustedKeyIds() {
    return trusted().stream().map(SigningKey::id).toList();
  }

  /**
   * The device Secret's update-trust.pem: the PUBLIC KEY blocks of every trusted key, newest
   * first, each preceded by a comment line with its id.
   */
  public String trustBundlePem() {
    StringBuilder pem = new StringBuilder();
    for (SigningKey key : trusted()) {
      pem.append("# keyfleet update-signing key ").append(key.id()).append('\n');
      pem.append(Pem.publicKey(key.publicKey()));
    }
    return pem.toString();
  }

  /** A short id of the trust bundle, to tell which devices carry the current one. */
  public String bundleId() {
    return Digests.shortSha256(String.join(",", trustedKeyIds()).getBytes(StandardCharsets.UTF_8));
  }

  /** Starts a rotation: the new key is trusted but not yet used; the previous one is dropped. */
  public SigningKeySet withPending(SigningKey next) {
    return new SigningKeySet(active, Optional.of(next), Optional.empty());
  }

  /** Finishes a rotation: the pending key signs from now on, the active one becomes previous. */
  public SigningKeySet activatePending() {
    SigningKey next = pending.orElseThrow(() -> new IllegalStateException("no pending key"));
    return new SigningKeySet(next, Optional.empty(), Optional.of(active));
  }
}
