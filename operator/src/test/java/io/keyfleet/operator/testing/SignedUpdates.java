package io.keyfleet.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyfleet.connector.SignedUpdate;
import io.keyfleet.operator.oci.OciRegistry;
import io.keyfleet.operator.oci.RegistrySettings;

/** Fetches what a connector fetches for an assignment: manifest, its layer, the cosign signature. */
public final class SignedUpdates {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SignedUpdates() {}

  /** @param manifestRef status.update.manifestRef ({@code repository@sha256:...}) on a plain-http registry */
  public static SignedUpdate fetch(String manifestRef) throws Exception {
    int at = manifestRef.indexOf('@');
    String repository = manifestRef.substring(0, at);
    String digest = manifestRef.substring(at + 1);
    OciRegistry registry = new OciRegistry(RegistrySettings.anonymous(repository, true));
    byte[] oci = registry.fetchManifest(manifestRef);
    byte[] layer = registry.fetchBlob(repository, JSON.readTree(oci).path("layers").get(0).path("digest").asText());
    byte[] signatureManifest = registry.fetchManifest(repository + ":" + digest.replace(':', '-') + ".sig");
    JsonNode signatureLayer = JSON.readTree(signatureManifest).path("layers").get(0);
    byte[] payload = registry.fetchBlob(repository, signatureLayer.path("digest").asText());
    String signature = signatureLayer.path("annotations").path("dev.cosignproject.cosign/signature").asText();
    return new SignedUpdate(oci, layer, payload, signature);
  }
}
