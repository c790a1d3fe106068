package io.keyfleet.operator.identity;

import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.fleet.CertificateTemplate;
import io.keyfleet.operator.pki.ExtendedKeyUsageName;
import io.keyfleet.operator.pki.IssueRequest;
import io.keyfleet.operator.pki.KeyUsageName;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the fleet's certificate template into the request for one device's certificate. */
public final class CertificateTemplating {
  private CertificateTemplating() {}

  /** The URI SAN that binds a certificate to one device of one fleet, always present. */
  public static String deviceUri(DeviceIdentity device) {
    return "urn:keyfleet:" + device.getMetadata().getNamespace() + ":" + device.getSpec().getFleetRef().getName() + ":"
        + device.getSpec().getDeviceId();
  }

  /** The request for a device certificate. */
  public static IssueRequest request(
      DeviceFleet fleet, DeviceIdentity device, PublicKey publicKey, Duration validity, String crlUrl) {
    CertificateTemplate t = fleet.getSpec().getCertificate() == null ? new CertificateTemplate() : fleet.getSpec().getCertificate();
    Map<String, String> values =
        Map.of(
            "deviceId", device.getSpec().getDeviceId(),
            "fleet", fleet.getMetadata().getName(),
            "namespace", device.getMetadata().getNamespace(),
            "model", device.getSpec().getModel());
    var subject = t.getSubject();
    String commonName = fill(subject == null || subject.getCommonName() == null ? "{deviceId}" : subject.getCommonName(), values);
    List<String> uris = new ArrayList<>();
    uris.add(deviceUri(device));
    t.getUris().forEach(u -> uris.add(fill(u, values)));
    Set<KeyUsageName> usages = EnumSet.noneOf(KeyUsageName.class);
    t.getKeyUsages().forEach(u -> usages.add(KeyUsageName.valueOf(u.name())));
    Set<ExtendedKeyUsageName> extended = EnumSet.noneOf(ExtendedKeyUsageName.class);
    t.getExtendedKeyUsages().forEach(u -> extended.add(ExtendedKeyUsageName.valueOf(u.name())));
    return new IssueRequest(
        IssueRequest.subject(
            commonName,
            subject == null ? null : fill(subject.getOrganization(), values),
            subject == null ? null : fill(subject.getOrganizationalUnit(), values),
            subject == null ? null : subject.getCountry()),
        t.getDnsNames().stream().map(d -> fill(d, values)).toList(),
        uris,
        usages,
        extended,
        publicKey,
        validity,
        crlUrl);
  }

  /** The common name a device's certificate (and its CSR) must carry. */
  public static String commonName(DeviceFleet fleet, DeviceIdentity device) {
    CertificateTemplate t = fleet.getSpec().getCertificate();
    String template = t == null || t.getSubject() == null || t.getSubject().getCommonName() == null ? "{deviceId}" : t.getSubject().getCommonName();
    return fill(
        template,
        Map.of(
            "deviceId", device.getSpec().getDeviceId(),
            "fleet", fleet.getMetadata().getName(),
            "namespace", device.getMetadata().getNamespace(),
            "model", device.getSpec().getModel()));
  }

  static String fill(String template, Map<String, String> values) {
    if (template == null) {
      return null;
    }
    String result = template;
    for (var e : values.entrySet()) {
      result = result.replace("{" + e.getKey() + "}", e.getValue());
    }
    return result;
  }
}
