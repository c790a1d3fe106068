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

  /**
   * Whether a registry host ({@code host[:port]}) is this machine: {@code localhost} or an IPv4
   * literal in 127.0.0.0/8. Only there is plain http allowed; a name that merely starts with
   * "127." ({@code 127.example.com}) can be anywhere.
   */
  public static boolean loopback(String host) {
    String name = host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
    if (name.equals("localhost")) {
      return true;
    }
    String[] octets = name.split("\\.", -1);
    if (octets.length != 4 || !octets[0].equals("127")) {
      return false;
    }
    for (String o : octets) {
      if (!o.matches("[0-9]{1,3}") || Integer.parseInt(o) > 255) {
        return false;
      }
    }
    return true;
  }

  /** The registry host (with port, if any). */
  public String host() {
    return OciReference.splitRepository(repository)[0];
  }
}
