package io.keyfleet.operator.identity;

import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.operator.pki.CaMaterial;
import io.keyfleet.operator.pki.CertificateIssuer;
import io.keyfleet.operator.pki.IssueRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The built-in fleet CA signs device certificates itself, at once. */
public final class BuiltinSigner implements IdentitySigner {
  private final CaMaterial ca;
  private final Clock clock;

  public BuiltinSigner(CaMaterial ca, Clock clock) {
    this.ca = ca;
    this.clock = clock;
  }

  @Override
  public Result sign(DeviceIdentity device, IssueRequest request, Key key, long revision, Instant now) {
    return new Signed(List.of(CertificateIssuer.issue(ca, request, clock)), ca.certificate());
  }
}
