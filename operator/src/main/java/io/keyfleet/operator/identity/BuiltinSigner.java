package io.keyfleet.operator.identity;

import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.operator.pki.CaMaterial;
import io.keyfleet.operator.pki.CertificateIssuer;
import io.keyfleet.operator.pki.IssueRequest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keyfleet signs device certificates itself, at once: with the built-in fleet CA, or with an
 * intermediate CA a cert-manager issuer certified (then the chain carries the intermediate and the
 * devices trust the issuer's CA).
 */
public final class BuiltinSigner implements IdentitySigner {
  private final CaMaterial ca;
  private final List<X509Certificate> above;
  private final X509Certificate trustAnchor;
  private final Clock clock;

  /** The fleet CA signs, and is what devices trust. */
  public BuiltinSigner(CaMaterial ca, Clock clock) {
    this(ca, List.of(), ca.certificate(), clock);
  }

  /**
   * @param signing the CA that signs
   * @param issuerChain the issuer's intermediates between {@code signing} and the trust anchor
   *     (empty when the anchor certified it)
   * @param trustAnchor what the devices trust (the Secret's ca.crt): {@code signing} itself, or the CA
   *     that certified it
   */
  public BuiltinSigner(CaMaterial signing, List<X509Certificate> issuerChain, X509Certificate trustAnchor, Clock clock) {
    this.ca = signing;
    this.trustAnchor = trustAnchor;
    this.clock = clock;
    List<X509Certificate> chain = new ArrayList<>();
    if (!trustAnchor.equals(signing.certificate())) {
      chain.add(signing.certificate());
      chain.addAll(issuerChain);
    }
    this.above = List.copyOf(chain);
  }

  @Override
  public Optional<PublicKey> signingKey() {
    return Optional.of(ca.certificate().getPublicKey());
  }

  @Override
  public Result sign(DeviceIdentity device, IssueRequest request, Key key, long revision, Instant now) {
    X509Certificate leaf = CertificateIssuer.issue(ca, request, clock);
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(leaf);
    chain.addAll(above);
    return new Signed(chain, trustAnchor);
  }
}
