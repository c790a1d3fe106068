package io.keyfleet.connector.registry;

import java.nio.file.Path;
import java.util.List;

/**
 * A firmware artifact fetched by digest: its OCI manifest's digest, and each layer as a file whose
 * content was checked against the layer's digest while it was written.
 */
public record FirmwareArtifact(String digest, List<Layer> layers) {
  /**
   * @param title the layer's {@code org.opencontainers.image.title} annotation (the file name oras
   *     gives it), or null
   */
  public record Layer(String mediaType, String digest, long size, String title, Path file) {}
}
