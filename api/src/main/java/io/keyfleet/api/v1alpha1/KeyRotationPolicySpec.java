package io.keyfleet.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.keyfleet.api.v1alpha1.policy.CertificateLifetime;
import io.keyfleet.api.v1alpha1.policy.DataKeyPolicy;
import io.keyfleet.api.v1alpha1.policy.MaintenanceWindow;
import io.keyfleet.api.v1alpha1.policy.PrivateKeyPolicy;
import io.keyfleet.api.v1alpha1.policy.RateLimit;
import io.keyfleet.api.v1alpha1.policy.RevocationPolicy;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/** How the certificates and keys of the fleets that reference this policy are kept fresh. */
@JsonClassDescription(
    "Certificate validity and renewal, key algorithm and rotation, revocation of superseded certificates, maintenance windows, rate limit and data keys.")
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeyRotationPolicySpec {
  @JsonPropertyDescription("Certificate validity, renewal point and jitter.")
  private CertificateLifetime certificate = new CertificateLifetime();

  @JsonPropertyDescription("Key algorithm, and whether renewal replaces the key pair.")
  private PrivateKeyPolicy privateKey = new PrivateKeyPolicy();

  @JsonPropertyDescription("Revocation of certificates that a renewal replaced.")
  private RevocationPolicy revocation = new RevocationPolicy();

  @Size(max = 16)
  @JsonPropertyDescription(
      "Maintenance windows. When set, routine renewals and rotations wait for an open window;"
          + " a certificate is never allowed to expire while waiting. Empty: any time.")
  private List<MaintenanceWindow> windows = new ArrayList<>();

  @JsonPropertyDescription("Ceiling on routine renewals and rotations per fleet.")
  private RateLimit rateLimit = new RateLimit();

  @JsonPropertyDescription("Per-device data-encryption keys.")
  private DataKeyPolicy dataKeys = new DataKeyPolicy();
}
