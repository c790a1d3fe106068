package io.keyfleet.operator.oci;

import java.util.Map;

/**
 * One manifest that names a given artifact as its {@code subject}, as the OCI 1.1 referrers API
 * lists it.
 *
 * @param digest the referring manifest's digest
 * @param size its size in bytes
 * @param mediaType its media type
 * @param artifactType its artifact type, or null
 * @param annotations its manifest annotations (empty if none)
 */
public record Referrer(
    String digest, long size, String mediaType, String artifactType, Map<String, String> annotations) {
  public Referrer {
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }
}
