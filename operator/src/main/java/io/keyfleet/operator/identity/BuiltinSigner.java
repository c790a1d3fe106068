package io.keyfleet.operator.identity;

import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.operator.pki.CaMaterial;
import io.keyfleet.operator.pki.CertificateIssuer;
import io.keyfleet.operator.pki.IssueRequest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keyfleet signs device certificates itself, at once: with the built-in fleet CA, or with an
 * intermediate CA a cert-manager issuer certified (then the chain carries the intermediate and the
 * devices trust the issuer's CA).
 */
public final class BuiltinSigner implements IdentitySigner {
  private final CaMaterial ca;
  private final X509Certificate trustAnchor;
  private final Clock clock;

  /** The fleet CA signs, and is what devices trust. */
  public BuiltinSigner(CaMaterial ca, Clock clock) {
    this(ca, ca.certificate(), clock);
  }

  /**
   * @param signing the CA that signs
   * @param trustAnchor what the devices trust (the Secret's ca.crt): {@code signing} itself, or the CA
   *     that certified it
   */
  public BuiltinSigner(CaMaterial signing, X509Certificate trustAnchor, Clock clock) {
    this.ca = signing;
    this.trustAnchor = trustAnchor;
    this.clock = clock;
  }

  @Override
  public Optional<PublicKey> signingKey() {
    return Optional.of(ca.certificate().getPublicKey());
  }

  @Override
  public Result sign(DeviceIdentity device, IssueRequest request, Key key, long revision, Instant now) {
    X509Certificate leaf = CertificateIssuer.issue(ca, request, clock);
    return new Signed(trustAnchor.equals(ca.certificate()) ? List.of(leaf) : List.of(leaf, ca.certificate()), trustAnchor);
  }
}
