package io.keyfleet.operator.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A user name and password for one registry, usually read from a {@code
 * kubernetes.io/dockerconfigjson} Secret.
 *
 * <p>Why so careful with messages: the Secret's content ends up nowhere but in the HTTP
 * Authorization header. Errors name the registry host and the JSON field that is wrong, never a
 * value; {@link #toString()} shows neither user nor password (some registries use tokens as user
 * names).
 */
public final class RegistryCredentials {
  private static final Set<String> DOCKER_HUB =
      Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

  private final String username;
  private final String password;

  private RegistryCredentials(String username, String password) {
    this.username = username;
    this.password = password;
  }

  /**
   * Credentials given directly.
   *
   * @throws IllegalArgumentException when either is empty
   */
  public static RegistryCredentials of(String username, String password) {
    if (username == null || username.isEmpty()) {
      throw new IllegalArgumentException("registry user name is empty");
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("registry password is empty");
    }
    return new RegistryCredentials(username, password);
  }

  /**
   * The credentials for {@code registryHost} in the {@code .dockerconfigjson} key of a {@code
   * kubernetes.io/dockerconfigjson} Secret: {@code auths.<host>.auth} (base64 of {@code
   * user:password}, which wins as it does for the docker CLI) or {@code auths.<host>.username} and
   * {@code password}. Entry keys may carry a scheme or path ({@code https://host/v1/}); the
   * Docker Hub aliases match each other.
   *
   * @param dockerConfigJson the bytes of {@code .dockerconfigjson}
   * @param registryHost host or host:port, as in the repository
   * @throws IllegalArgumentException naming what is wrong: not JSON, no {@code auths}, no entry
   *     for the host (listing the hosts it has), or an entry without usable credentials
   */
  public static RegistryCredentials fromDockerConfigJson(
      byte[] dockerConfigJson, String registryHost) {
    Objects.requireNonNull(registryHost, "registryHost");
    String wanted = normalizeHost(registryHost);
    JsonNode config = CanonicalJson.parse(dockerConfigJson, ".dockerconfigjson");
    JsonNode auths = config.path("auths");
    if (!auths.isObject()) {
      throw new IllegalArgumentException(".dockerconfigjson has no \"auths\" object");
    }
    List<String> hosts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : auths.properties()) {
      String host = normalizeHost(entry.getKey());
      if (sameRegistry(host, wanted)) {
        return fromEntry(entry.getValue(), "auths." + entry.getKey());
      }
      hosts.add(host);
    }
    throw new IllegalArgumentException(
        ".dockerconfigjson has no credentials for registry "
            + wanted
            + (hosts.isEmpty() ? " (auths is empty)" : " (it has entries for " + String.join(", ", hosts) + ")"));
  }

  /** The user name (for the registry's token exchange; never logged by Keyfleet). */
  public String username() {
    return username;
  }

  /** The password or token; only the HTTP client sees it. */
  String password() {
    return password;
  }

  @Override
  public String toString() {
    return "RegistryCredentials[redacted]";
  }

  private static RegistryCredentials fromEntry(JsonNode entry, String field) {
    if (!entry.isObject()) {
      throw new IllegalArgumentException(field + " is not an object");
    }
    JsonNode auth = entry.get("auth");
    if (auth != null && !auth.isNull() && !auth.asText().isEmpty()) {
      if (!auth.isTextual()) {
        throw new IllegalArgumentException(field + ".auth is not a string");
      }
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.asText().trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(field + ".auth is not valid base64");
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0 || colon == decoded.length() - 1) {
        throw new IllegalArgumentException(
            field + ".auth does not decode to user:password with both parts non-empty");
      }
      return new RegistryCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
    String username = text(entry, "username", field);
    String password = text(entry, "password", field);
    if (username == null && password == null) {
      String tokenOnly =
          entry.has("identitytoken") || entry.has("registrytoken")
              ? " (an identity or registry token alone is not supported)"
              : "";
      throw new IllegalArgumentException(
          field + " has neither \"auth\" nor \"username\" and \"password\"" + tokenOnly);
    }
    if (username == null) {
      throw new IllegalArgumentException(field + " has a password but no username");
    }
    if (password == null) {
      throw new IllegalArgumentException(field + " has a username but no password");
    }
    return new RegistryCredentials(username, password);
  }

  private static String text(JsonNode entry, String name, String field) {
    JsonNode value = entry.get(name);
    if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(field + "." + name + " is not a string");
    }
    return value.asText();
  }

  /** {@code https://Host:5000/v2/} and {@code host:5000} are the same registry. */
  static String normalizeHost(String key) {
    String host = key.trim();
    int scheme = host.indexOf("://");
    if (scheme >= 0) {
      host = host.substring(scheme + 3);
    }
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    return host.toLowerCase(Locale.ROOT);
  }

  private static boolean sameRegistry(String a, String b) {
    return a.equals(b) || (DOCKER_HUB.contains(a) && DOCKER_HUB.contains(b));
  }
}
