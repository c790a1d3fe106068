package io.keyfleet.operator.identity;

import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.operator.pki.IssueRequest;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The signing step of a device's issuance, the one thing that differs between issuer modes: the
 * built-in fleet CA signs at once; an external issuer (cert-manager) is asked and answers later.
 * Everything around it (which key, when to renew, the device Secret, revocation) is the same.
 */
public interface IdentitySigner {

  /**
   * The key to certify: a key pair the operator holds, or the public key of a device's CSR.
   *
   * @param deviceCsr the device's PEM CSR (spec.csr) when the device holds the key, else null
   */
  record Key(PublicKey publicKey, Optional<KeyPair> pair, String deviceCsr) {
    public Key {
      Objects.requireNonNull(publicKey, "publicKey");
      Objects.requireNonNull(pair, "pair");
    }

    @Override
    public String toString() {
      return "Key[" + publicKey.getAlgorithm() + (pair.isPresent() ? ", generated" : ", device CSR") + "]";
    }
  }

  /** What signing gave: a certificate now, or the state of a request still open. */
  sealed interface Result permits Signed, Waiting {}

  /**
   * @param chain the device certificate first, then any intermediates (not the CA)
   * @param ca the CA certificate devices and relying parties trust (the Secret's ca.crt)
   */
  record Signed(List<X509Certificate> chain, X509Certificate ca) implements Result {
    public Signed {
      chain = List.copyOf(chain);
      Objects.requireNonNull(ca, "ca");
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("a signed chain holds at least the device certificate");
      }
    }

    public X509Certificate leaf() {
      return chain.get(0);
    }
  }

  /**
   * No certificate yet.
   *
   * @param reason CamelCase, for the DeviceIdentity's conditions
   * @param message for people, carrying the issuer's own words
   * @param failed whether the issuer refused (as opposed to: still working on it)
   * @param recheckAt when to look again even without an event
   */
  record Waiting(String reason, String message, boolean failed, Instant recheckAt) implements Result {}

  /**
   * Signs, or moves the signing along, for one revision of a device's certificate. Must be
   * idempotent: called again for the same device, revision and key until it returns {@link Signed}.
   */
  Result sign(DeviceIdentity device, IssueRequest request, Key key, long revision, Instant now);

  /**
   * The key device certificates are signed with when Keyfleet signs them (the fleet CA's, or its
   * intermediate's); empty when an external issuer signs, whose keys Keyfleet does not track.
   */
  default Optional<PublicKey> signingKey() {
    return Optional.empty();
  }

  /** The device Secret now holds this revision's certificate: whatever the signing left behind can go. */
  default void signed(DeviceIdentity device, long revision) {}
}
