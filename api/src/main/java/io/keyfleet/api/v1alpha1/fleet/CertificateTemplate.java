package io.keyfleet.api.v1alpha1.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import lombok.Data;

/**
 * How device certificates are named. Values may use the placeholders {deviceId}, {fleet},
 * {namespace} and {model}.
 */
@Data
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CertificateTemplate {
  /** Key usages a device certificate may carry (RFC 5280 names). */
  public enum KeyUsage {
    digitalSignature,
    keyEncipherment,
    keyAgreement,
    dataEncipherment,
    nonRepudiation
  }

  /** Extended key usages a device certificate may carry. */
  public enum ExtendedKeyUsage {
    clientAuth,
    serverAuth
  }

  @JsonPropertyDescription("Subject distinguished name of device certificates.")
  private SubjectTemplate subject = new SubjectTemplate();

  @Size(max = 8)
  @JsonPropertyDescription(
      "DNS names (subject alternative names), e.g. '{deviceId}.{fleet}.devices.example.com'.")
  private List<String> dnsNames = new ArrayList<>();

  @Size(max = 8)
  @JsonPropertyDescription(
      "Extra URI subject alternative names. The device's own URI"
          + " (urn:keyfleet:{namespace}:{fleet}:{deviceId}) is always included.")
  private List<String> uris = new ArrayList<>();

  @Size(min = 1, max = 5)
  @JsonPropertyDescription("Key usages. Default: digitalSignature.")
  private List<KeyUsage> keyUsages = new ArrayList<>(List.of(KeyUsage.digitalSignature));

  @Size(min = 1, max = 2)
  @JsonPropertyDescription("Extended key usages. Default: clientAuth.")
  private List<ExtendedKeyUsage> extendedKeyUsages =
      new ArrayList<>(List.of(ExtendedKeyUsage.clientAuth));
}
