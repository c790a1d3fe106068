package io.keyfleet.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyfleet.api.v1alpha1.common.ObjectRef;
import io.keyfleet.api.v1alpha1.common.Patterns;
import io.keyfleet.api.v1alpha1.identity.RevocationReason;
import lombok.Data;

/** One physical device: its fleet, stable serial and hardware model. */
@JsonClassDescription(
    "The device's fleet, stable hardware serial, model, optional CSR, and revocation. Written by the provisioning pipeline; the operator never changes it.")
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(oldSelf.revoked) || !oldSelf.revoked || (has(self.revoked) && self.revoked)",
    message =
        "spec.revoked: revocation cannot be undone; enrol a replacement device as a new"
            + " DeviceIdentity")
@ValidationRule(
    value = "!has(self.revocationReason) || (has(self.revoked) && self.revoked)",
    message = "spec.revocationReason is only allowed when spec.revoked is true")
public class DeviceIdentitySpec {
  @Required
  @ValidationRule(value = "self == oldSelf", message = "spec.fleetRef is immutable")
  @JsonPropertyDescription("The DeviceFleet, in this namespace, the device belongs to. Immutable.")
  private ObjectRef fleetRef;

  @Required
  @Size(min = 1, max = 128)
  @Pattern(Patterns.DEVICE_ID)
  @ValidationRule(value = "self == oldSelf", message = "spec.deviceId is immutable")
  @JsonPropertyDescription(
      "Stable hardware serial of the device (letters, digits, '.', '_', ':', '-'; up to 128)."
          + " It is bound into the certificate as a URI SAN. Immutable.")
  private String deviceId;

  @Required
  @Size(min = 1, max = 63)
  @Pattern(Patterns.MODEL)
  @JsonPropertyDescription(
      "Hardware model or class (e.g. 'pump-x2'). Update campaigns only reach compatible models.")
  private String model;

  @Size(max = 16384)
  @Pattern("^-----BEGIN CERTIFICATE REQUEST-----[\\s\\S]+-----END CERTIFICATE REQUEST-----\\s*$")
  @JsonPropertyDescription(
      "Optional PKCS#10 certificate signing request (PEM) made by the device's secure element."
          + " When set, the private key never leaves the device: the operator checks the CSR's"
          + " signature (proof of possession), key strength and subject, signs it, and writes no"
          + " tls.key. Replace it with a new CSR when the status asks for one (NewCSRRequired).")
  private String csr;

  @Default("false")
  @JsonPropertyDescription(
      "Revoke the device: its certificates go on the fleet CRL within seconds and it is never"
          + " issued again. Permanent: cannot be set back to false.")
  private Boolean revoked = Boolean.FALSE;

  @JsonPropertyDescription(
      "RFC 5280 reason put on the CRL: unspecified, keyCompromise, cACompromise,"
          + " affiliationChanged, superseded, cessationOfOperation, privilegeWithdrawn or"
          + " aACompromise. Only with revoked: true.")
  private RevocationReason revocationReason;
}
