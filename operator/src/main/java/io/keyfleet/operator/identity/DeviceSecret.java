package io.keyfleet.operator.identity;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import io.keyfleet.api.v1alpha1.KeyfleetApi;
import io.keyfleet.operator.pki.Pem;
import io.keyfleet.operator.pki.SecretText;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The device Secret {@code <deviceidentity>-tls} (type kubernetes.io/tls): what it holds and how
 * it is read back. The Secret is the record of truth for the device's credentials: the status is
 * derived from it, so a crash between writing the Secret and the status loses nothing.
 */
public final class DeviceSecret {
  public static final String TLS_CRT = "tls.crt";
  public static final String TLS_KEY = "tls.key";
  public static final String CA_CRT = "ca.crt";
  /** Public keys that may sign the fleet's update manifests (PEM), old and new during a rotation. */
  public static final String UPDATE_TRUST = "update-trust.pem";
  /** Id of the update-trust bundle the Secret carries (see SigningKeySet.bundleId). */
  public static final String UPDATE_TRUST_ID = "keyfleet.io/update-trust";
  public static final String REVISION = "keyfleet.io/revision";
  public static final String KEY_CREATED_AT = "keyfleet.io/key-created-at";
  public static final String KEY_SOURCE = "keyfleet.io/key-source";
  /** Certificates this one replaced: "serial,notAfter,supersededAt" entries separated by ';', newest first. */
  public static final String SUPERSEDED = "keyfleet.io/superseded";
  static final int MAX_SUPERSEDED = 10;
  /** Secret type for devices with a generated key: the standard TLS type (tls.crt and tls.key). */
  public static final String TYPE_TLS = "kubernetes.io/tls";
  /**
   * Secret type for devices that hold their own key (CSR): kubernetes.io/tls requires a tls.key,
   * which these Secrets must never have.
   */
  public static final String TYPE_DEVICE_CERTIFICATE = "keyfleet.io/device-certificate";

  private DeviceSecret() {}

  public static String name(DeviceIdentity device) {
    return device.getMetadata().getName() + "-tls";
  }

  /** Data-key versions held: "version@createdAt" entries separated by ';'. */
  public static final String DATA_KEYS = "keyfleet.io/data-keys";
  /** Data key entries are named datakey-v1, datakey-v2, ... */
  public static final String DATA_KEY_PREFIX = "datakey-v";

  /**
   * One data-key version: the raw 32-byte AES key for devices with a generated key, or the key
   * wrapped to the device's own public key (HPKE, see DataKeyWrap) for devices that sent a CSR.
   */
  public record DataKey(int version, Instant createdAt, byte[] material) {}

  /** The update-signing public keys a device must trust, and the id of that set. */
  public record UpdateTrust(String id, String pem) {}

  /** A certificate a renewal replaced, as remembered in the Secret. */
  public record Superseded(String serial, Instant notAfter, Instant supersededAt) {}

  /** What the operator wrote into a device Secret. */
  public record Contents(
      List<X509Certificate> chain, Optional<PrivateKey> key, long revision, Instant keyCreatedAt, String keySource,
      List<Superseded> superseded, List<DataKey> dataKeys, String updateTrustId) {
    public X509Certificate leaf() {
      return chain.get(0);
    }
  }

  /** The Secret for newly issued credentials, owned by (and deleted with) the DeviceIdentity. */
  public static Secret build(
      DeviceIdentity device, List<X509Certificate> chain, Optional<PrivateKey> key, String caBundlePem, long revision,
      Instant keyCreatedAt, String keySource, List<Superseded> superseded, List<DataKey> dataKeys, UpdateTrust trust,
      String resourceVersion) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(TLS_CRT, SecretText.encode(Pem.certificates(chain)));
    key.ifPresent(k -> data.put(TLS_KEY, SecretText.encode(Pem.privateKey(k))));
    data.put(CA_CRT, SecretText.encode(caBundlePem));
    if (trust != null) {
      data.put(UPDATE_TRUST, SecretText.encode(trust.pem()));
    }
    List<String> versions = new ArrayList<>();
    for (DataKey k : dataKeys) {
      data.put(DATA_KEY_PREFIX + k.version(), Base64.getEncoder().encodeToString(k.material()));
      versions.add(k.version() + "@" + k.createdAt());
    }
    List<String> entries = new ArrayList<>();
    for (Superseded s : superseded.subList(0, Math.min(MAX_SUPERSEDED, superseded.size()))) {
      entries.add(s.serial() + "," + s.notAfter() + "," + s.supersededAt());
    }
    var meta = device.getMetadata();
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name(device))
        .withNamespace(meta.getNamespace())
        .withResourceVersion(resourceVersion)
        .addToLabels(KeyfleetApi.LABEL_FLEET, device.getSpec().getFleetRef().getName())
        .addToLabels(KeyfleetApi.LABEL_DEVICE, meta.getName())
        .addToLabels(KeyfleetApi.LABEL_MANAGED_BY, KeyfleetApi.MANAGED_BY)
        .addToAnnotations(REVISION, Long.toString(revision))
        .addToAnnotations(KEY_CREATED_AT, keyCreatedAt.toString())
        .addToAnnotations(KEY_SOURCE, keySource)
        .addToAnnotations(SUPERSEDED, String.join(";", entries))
        .addToAnnotations(DATA_KEYS, String.join(";", versions))
        .addToAnnotations(trust == null ? Map.of() : Map.of(UPDATE_TRUST_ID, trust.id()))
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(KeyfleetApi.API_VERSION)
                .withKind("DeviceIdentity")
                .withName(meta.getName())
                .withUid(meta.getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .endMetadata()
        .withType(key.isPresent() ? TYPE_TLS : TYPE_DEVICE_CERTIFICATE)
        .withData(data)
        .build();
  }

  /**
   * Reads back what the operator wrote. Empty when the Secret has no parseable certificate (then
   * the device is issued afresh).
   */
  public static Optional<Contents> read(Secret secret) {
    if (secret == null || secret.getData() == null || !secret.getData().containsKey(TLS_CRT)) {
      return Optional.empty();
    }
    try {
      List<X509Certificate> chain = Pem.parseCertificates(SecretText.decode(secret.getData().get(TLS_CRT)));
      if (chain.isEmpty()) {
        return Optional.empty();
      }
      Optional<PrivateKey> key =
          secret.getData().containsKey(TLS_KEY) ? Optional.of(Pem.parsePrivateKey(SecretText.decode(secret.getData().get(TLS_KEY)))) : Optional.empty();
      Map<String, String> annotations = secret.getMetadata().getAnnotations() == null ? Map.of() : secret.getMetadata().getAnnotations();
      long revision = Long.parseLong(annotations.getOrDefault(REVISION, "1"));
      Instant keyCreatedAt =
          annotations.containsKey(KEY_CREATED_AT) ? Instant.parse(annotations.get(KEY_CREATED_AT)) : chain.get(0).getNotBefore().toInstant();
      List<Superseded> superseded = new ArrayList<>();
      for (String entry : annotations.getOrDefault(SUPERSEDED, "").split(";")) {
        String[] parts = entry.split(",");
        if (parts.length == 3) {
          superseded.add(new Superseded(parts[0], Instant.parse(parts[1]), Instant.parse(parts[2])));
        }
      }
      List<DataKey> dataKeys = new ArrayList<>();
      for (String entry : annotations.getOrDefault(DATA_KEYS, "").split(";")) {
        int at = entry.indexOf('@');
        if (at > 0) {
          int version = Integer.parseInt(entry.substring(0, at));
          String material = secret.getData().get(DATA_KEY_PREFIX + version);
          if (material != null) {
            dataKeys.add(new DataKey(version, Instant.parse(entry.substring(at + 1)), Base64.getDecoder().decode(material)));
          }
        }
      }
      return Optional.of(
          new Contents(chain, key, revision, keyCreatedAt, annotations.getOrDefault(KEY_SOURCE, "Generated"), superseded, dataKeys,
              secret.getData().containsKey(UPDATE_TRUST) ? annotations.getOrDefault(UPDATE_TRUST_ID, "") : null));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }


}
