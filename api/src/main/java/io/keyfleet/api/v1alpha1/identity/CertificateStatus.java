package io.keyfleet.api.v1alpha1.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import lombok.Data;

/** Facts about the device's current certificate. Never PEM, never key material. */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CertificateStatus {
  @JsonPropertyDescription("Secret holding the credentials (<name>-tls).")
  private String secretName;

  @JsonPropertyDescription("Serial number (hex).")
  private String serialNumber;

  @JsonPropertyDescription("Start of validity (RFC 3339).")
  private String notBefore;

  @JsonPropertyDescription("End of validity (RFC 3339).")
  private String notAfter;

  @JsonPropertyDescription("When the operator will renew (RFC 3339), jitter and windows applied.")
  private String renewalTime;

  @JsonPropertyDescription("Issuance counter: 1 for the first certificate, +1 at every renewal.")
  private Long revision;

  @JsonPropertyDescription("SHA-256 fingerprint of the certificate (hex).")
  private String fingerprintSHA256;

  @JsonPropertyDescription("Algorithm of the certified key.")
  private KeyAlgorithm keyAlgorithm;

  @JsonPropertyDescription("Generated (the operator made the key) or DeviceCSR (the device did).")
  private KeySource keySource;

  @JsonPropertyDescription("When the certified key pair was created or first certified (RFC 3339).")
  private String keyCreatedAt;
}
