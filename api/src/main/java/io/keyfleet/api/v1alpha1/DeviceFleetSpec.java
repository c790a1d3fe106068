package io.keyfleet.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.keyfleet.api.v1alpha1.common.ObjectRef;
import io.keyfleet.api.v1alpha1.fleet.CertificateTemplate;
import io.keyfleet.api.v1alpha1.fleet.CrlSpec;
import io.keyfleet.api.v1alpha1.fleet.IssuerSpec;
import io.keyfleet.api.v1alpha1.fleet.UpdatesSpec;
import lombok.Data;

/** A fleet of devices that share an issuer, a naming template, a policy and an update channel. */
@JsonClassDescription(
    "The fleet's issuer, certificate template, rotation policy, CRL publication and update channel. Written by people (GitOps); the operator never changes it.")
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeviceFleetSpec {
  @Required
  @JsonPropertyDescription("Who signs device certificates: exactly one of builtin or certManager.")
  private IssuerSpec issuer;

  @JsonPropertyDescription("Subject, SANs and key usages of device certificates.")
  private CertificateTemplate certificate = new CertificateTemplate();

  @Required
  @JsonPropertyDescription("The KeyRotationPolicy, in this namespace, that governs the fleet's keys.")
  private ObjectRef rotationPolicyRef;

  @JsonPropertyDescription("Publication of the fleet's CRL.")
  private CrlSpec crl = new CrlSpec();

  @JsonPropertyDescription(
      "Update channel: OCI repository for signed manifests and the update-signing key. Required"
          + " before an UpdateCampaign can target the fleet.")
  private UpdatesSpec updates;
}
