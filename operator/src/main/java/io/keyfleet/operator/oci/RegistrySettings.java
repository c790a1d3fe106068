package io.keyfleet.operator.oci;

import java.util.Objects;

/**
 * How to reach a fleet's registry: its repository, whether to talk plain http, and optional
 * credentials (from the fleet's {@code spec.updates.registry}).
 *
 * @param repository {@code host[:port]/path}, e.g. {@code 127.0.0.1:5000/fleets/pumps}
 * @param insecure plain http instead of https (loopback registries in tests and demos)
 * @param credentials user and password, or null for anonymous access
 */
public record RegistrySettings(String repository, boolean insecure, RegistryCredentials credentials) {
  public RegistrySettings {
    Objects.requireNonNull(repository, "repository");
    OciReference.splitRepository(repository);
  }

  /** Anonymous access. */
  public static RegistrySettings anonymous(String repository, boolean insecure) {
    return new RegistrySettings(repository, insecure, null);
  }

  /** The registry host (with port, if any). */
  public String host() {
    return OciReference.splitRepository(repository)[0];
  }
}
