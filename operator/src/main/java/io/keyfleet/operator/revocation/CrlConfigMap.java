package io.keyfleet.operator.revocation;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.keyfleet.api.v1alpha1.KeyfleetApi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The ConfigMap {@code <fleet>-crl} in the fleet's namespace: the signed CRL (public data, so a
 * ConfigMap, readable by connectors) and the durable list of revoked serials it was built from.
 */
public final class CrlConfigMap {
  public static final String CRL_PEM = "ca.crl";
  public static final String ENTRIES = "revoked";
  public static final String NUMBER = "crlNumber";
  public static final String THIS_UPDATE = "thisUpdate";
  public static final String NEXT_UPDATE = "nextUpdate";
  public static final String URL = "url";
  /**
   * The certificate that signed the CRL when it is not the CA the devices trust: Keyfleet's CRL
   * signer (an indirect CRL) or its intermediate CA (absent when a root fleet CA signs it).
   */
  public static final String SIGNER_CRT = "crl-signer.crt";

  private CrlConfigMap() {}

  public static String name(String fleet) {
    return fleet + "-crl";
  }

  public static ConfigMap build(
      String namespace, String fleet, String crlPem, String signerPem, Collection<Revocation> entries, long number, Instant thisUpdate,
      Instant nextUpdate, String url, String resourceVersion) {
    List<String> lines = new ArrayList<>();
    entries.forEach(e -> lines.add(e.line()));
    ConfigMap map = new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name(fleet))
        .withNamespace(namespace)
        .withResourceVersion(resourceVersion)
        .addToLabels(KeyfleetApi.LABEL_FLEET, fleet)
        .addToLabels(KeyfleetApi.LABEL_MANAGED_BY, KeyfleetApi.MANAGED_BY)
        .addToLabels("keyfleet.io/component", "crl")
        .endMetadata()
        .addToData(CRL_PEM, crlPem)
        .addToData(ENTRIES, String.join("\n", lines))
        .addToData(NUMBER, Long.toString(number))
        .addToData(THIS_UPDATE, thisUpdate.toString())
        .addToData(NEXT_UPDATE, nextUpdate.toString())
        .addToData(URL, url)
        .build();
    if (signerPem != null) {
      map.getData().put(SIGNER_CRT, signerPem);
    }
    return map;
  }

  public static List<Revocation> entries(ConfigMap map) {
    List<Revocation> result = new ArrayList<>();
    Map<String, String> data = map.getData();
    if (data == null || data.get(ENTRIES) == null) {
      return result;
    }
    for (String line : data.get(ENTRIES).split("\n")) {
      if (!line.isBlank()) {
        result.add(Revocation.parse(line.trim()));
      }
    }
    return result;
  }

  public static long number(ConfigMap map) {
    return map.getData() == null ? 0 : Long.parseLong(map.getData().getOrDefault(NUMBER, "0"));
  }

  public static CrlFacts facts(ConfigMap map) {
    Map<String, String> d = map.getData();
    return new CrlFacts(
        d.get(URL), number(map), Instant.parse(d.get(THIS_UPDATE)), Instant.parse(d.get(NEXT_UPDATE)), entries(map).size());
  }
}
