package io.keyfleet.operator.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The update manifest devices verify before they install anything (media type {@value
 * #MEDIA_TYPE}): which fleet and campaign, its sequence number (monotonic per fleet: a device
 * installs only a higher one), the firmware by digest, the hardware it is for (vendor and class
 * ids in the spirit of SUIT, RFC 9124), the oldest version it applies to, and its validity. Its
 * bytes are deterministic: the same facts give the same bytes and the same digest.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "fleet", "campaign", "sequence", "version", "rollback", "artifact", "models", "minimumVersion",
    "issuedAt", "expiresAt"})
public record UpdateManifest(
    int schemaVersion, Fleet fleet, String campaign, long sequence, String version, Boolean rollback, Artifact artifact,
    List<Model> models, String minimumVersion, String issuedAt, String expiresAt) {
  public static final String MEDIA_TYPE = "application/vnd.keyfleet.update-manifest.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final UUID DNS_NAMESPACE = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

  @JsonPropertyOrder({"namespace", "name"})
  public record Fleet(String namespace, String name) {}

  @JsonPropertyOrder({"reference", "digest", "size", "mediaType"})
  public record Artifact(String reference, String digest, long size, String mediaType) {}

  @JsonPropertyOrder({"model", "vendorId", "classId"})
  public record Model(String model, String vendorId, String classId) {}

  public static UpdateManifest of(
      String fleetNamespace, String fleetName, String campaign, long sequence, String version, boolean rollback, Artifact artifact,
      List<String> models, String minimumVersion, Instant issuedAt, Instant expiresAt) {
    String vendor = uuid5(DNS_NAMESPACE, "keyfleet.io/" + fleetNamespace + "/" + fleetName).toString();
    List<Model> ids = models.stream().map(m -> new Model(m, vendor, uuid5(UUID.fromString(vendor), m).toString())).toList();
    return new UpdateManifest(1, new Fleet(fleetNamespace, fleetName), campaign, sequence, version, rollback ? Boolean.TRUE : null,
        artifact, ids, minimumVersion, issuedAt.toString(), expiresAt.toString());
  }

  /** The exact bytes pushed to the registry. */
  public byte[] toBytes() {
    try {
      return JSON.writeValueAsString(this).getBytes(StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static UpdateManifest parse(byte[] bytes) {
    try {
      return JSON.readValue(bytes, UpdateManifest.class);
    } catch (Exception e) {
      throw new IllegalArgumentException("not an update manifest: " + e.getMessage(), e);
    }
  }

  /** A name-based UUID (version 5, SHA-1), as SUIT class and vendor ids are made. */
  static UUID uuid5(UUID namespace, String name) {
    try {
      var sha1 = java.security.MessageDigest.getInstance("SHA-1");
      java.nio.ByteBuffer ns = java.nio.ByteBuffer.allocate(16);
      ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
      sha1.update(ns.array());
      byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
      h[6] = (byte) ((h[6] & 0x0f) | 0x50);
      h[8] = (byte) ((h[8] & 0x3f) | 0x80);
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(h, 0, 16);
      return new UUID(b.getLong(), b.getLong());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
