package io.keyfleet.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.keyfleet.api.v1alpha1.common.KeyfleetStatus;
import io.keyfleet.api.v1alpha1.identity.CertificateStatus;
import io.keyfleet.api.v1alpha1.identity.DataKeyStatus;
import io.keyfleet.api.v1alpha1.identity.ReportedState;
import io.keyfleet.api.v1alpha1.identity.SupersededCertificate;
import io.keyfleet.api.v1alpha1.identity.UpdateAssignment;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;
import lombok.EqualsAndHashCode;

/**
 * What the operator and the device's connector know about a device. The operator writes all but
 * {@code reported}, which belongs to the connector.
 */
@JsonClassDescription(
    "Certificate facts, superseded certificates, data-key versions and update assignment (written by the operator), and the device's own report (written by its connector).")
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@EqualsAndHashCode(callSuper = true)
public class DeviceIdentityStatus extends KeyfleetStatus {
  @JsonPropertyDescription("The current certificate (facts only; the PEM is in the Secret).")
  private CertificateStatus certificate;

  @Size(max = 10)
  @JsonPropertyDescription("The last certificates that renewals replaced, newest first (at most 10).")
  private List<SupersededCertificate> superseded = new ArrayList<>();

  @JsonPropertyDescription("When the device was revoked (RFC 3339).")
  private String revokedAt;

  @JsonPropertyDescription("Data-encryption key versions.")
  private DataKeyStatus dataKeys;

  @JsonPropertyDescription("The update assigned to the device (written by the operator).")
  private UpdateAssignment update;

  @JsonPropertyDescription(
      "The device's own report (written by its connector with server-side apply, field manager"
          + " keyfleet-connector; never by the operator).")
  private ReportedState reported;
}
