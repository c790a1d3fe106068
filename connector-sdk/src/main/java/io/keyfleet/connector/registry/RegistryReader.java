package io.keyfleet.connector.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyfleet.connector.SignedUpdate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads signed updates and firmware from an OCI registry (distribution spec v1.1), by digest, and
 * checks every byte it returns against the digest it asked for. HTTPS, except for registries on
 * loopback (development and tests). Anonymous access, HTTP basic, and the token flow of registries
 * that answer 401 with a {@code Bearer} challenge are supported.
 *
 * <p>It reads only: a connector needs no write access to the registry.
 */
public final class RegistryReader {
  /** Manifests larger than this are refused (the OCI distribution spec suggests 4 MiB). */
  public static final long MAX_MANIFEST_BYTES = 4L << 20;
  /** Signature payloads and update manifests are small JSON documents. */
  static final long MAX_DOCUMENT_BYTES = 1L << 20;
  static final String COSIGN_SIGNATURE = "dev.cosignproject.cosign/signature";
  private static final String ACCEPT = String.join(",",
      "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
      "application/vnd.docker.distribution.manifest.v2+json");
  private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Registry credentials (from a dockerconfigjson Secret, for example). */
  public record Credentials(String username, String password) {
    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=<hidden>]";
    }
  }

  private final HttpClient http;
  private final Optional<Credentials> credentials;
  private final Duration timeout;
  private final Map<String, String> tokens = new ConcurrentHashMap<>();

  /** Anonymous access, 30 s per request. */
  public RegistryReader() {
    this(Optional.empty(), Duration.ofSeconds(30));
  }

  public RegistryReader(Optional<Credentials> credentials, Duration timeout) {
    this.credentials = credentials;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /**
   * What a device needs to verify an assignment: the OCI manifest at {@code manifestRef} (which
   * must name a digest), its single layer (the update manifest), and the cosign signature stored
   * under the tag {@code sha256-<hex>.sig}. Nothing here is trusted yet: the caller verifies it
   * ({@link io.keyfleet.connector.UpdateVerifier}); this method only checks digests.
   */
  public SignedUpdate fetchUpdate(String manifestRef) throws RegistryReadException {
    ImageReference ref = ImageReference.parse(manifestRef);
    if (ref.digest() == null) {
      throw new IllegalArgumentException("an update manifest is fetched by digest, not by tag: " + manifestRef);
    }
    byte[] oci = manifest(ref);
    JsonNode layers = parse(oci, ref).path("layers");
    if (!layers.isArray() || layers.size() != 1) {
      throw new RegistryReadException(ref + " does not have exactly one layer");
    }
    byte[] updateManifest = blob(ref, layers.get(0).path("digest").asText(), MAX_DOCUMENT_BYTES);
    ImageReference signatureRef = ref.withTag(ref.digest().replace(':', '-') + ".sig");
    byte[] signatureManifest = manifest(signatureRef);
    JsonNode signatureLayers = parse(signatureManifest, signatureRef).path("layers");
    if (!signatureLayers.isArray() || signatureLayers.isEmpty()) {
      throw new RegistryReadException(signatureRef + " has no signature layer");
    }
    // cosign appends a layer per signature; the first one made by the operator is used here, and
    // UpdateVerifier checks it against the device's trusted keys.
    JsonNode first = signatureLayers.get(0);
    byte[] payload = blob(ref, first.path("digest").asText(), MAX_DOCUMENT_BYTES);
    return new SignedUpdate(oci, updateManifest, payload, first.path("annotations").path(COSIGN_SIGNATURE).asText(""));
  }

  /**
   * Fetches the firmware artifact {@code repository@digest} and writes each of its layers into
   * {@code directory}, checking each against its digest as it is written. A layer that does not
   * match is deleted and the call fails with {@link ContentMismatchException}.
   *
   * @param artifactRef the artifact's reference with its digest (the update manifest's
   *     {@code artifact.reference} repository and {@code artifact.digest})
   * @param maxLayerBytes the largest layer accepted
   */
  public FirmwareArtifact fetchArtifact(String artifactRef, Path directory, long maxLayerBytes) throws RegistryReadException {
    ImageReference ref = ImageReference.parse(artifactRef);
    if (ref.digest() == null) {
      throw new IllegalArgumentException("firmware is fetched by digest, not by tag: " + artifactRef);
    }
    JsonNode manifest = parse(manifest(ref), ref);
    List<FirmwareArtifact.Layer> layers = new ArrayList<>();
    int index = 0;
    for (JsonNode layer : manifest.path("layers")) {
      String digest = layer.path("digest").asText();
      long size = layer.path("size").asLong(-1);
      if (size < 0 || size > maxLayerBytes) {
        throw new ContentMismatchException(ref + " layer " + digest + " has size " + size + ", more than the " + maxLayerBytes + " allowed");
      }
      String title = layer.path("annotations").path("org.opencontainers.image.title").asText(null);
      Path file = directory.resolve("layer-" + (index++) + ".bin");
      download(ref, digest, size, file);
      layers.add(new FirmwareArtifact.Layer(layer.path("mediaType").asText(), digest, size, title, file));
    }
    return new FirmwareArtifact(ref.digest(), List.copyOf(layers));
  }

  /** The manifest at a reference; when it names a digest, the bytes are checked against it. */
  public byte[] manifest(ImageReference ref) throws RegistryReadException {
    URI uri = api(ref, "/manifests/" + ref.manifestReference());
    byte[] body = get(ref, uri, ACCEPT, MAX_MANIFEST_BYTES);
    if (ref.digest() != null) {
      requireDigest(body, ref.digest(), ref.toString());
    }
    return body;
  }

  /** A blob of the reference's repository, checked against its digest. */
  public byte[] blob(ImageReference ref, String digest, long maxBytes) throws RegistryReadException {
    ImageReference blobRef = digestRef(ref, digest);
    byte[] body = get(ref, api(ref, "/blobs/" + blobRef.digest()), "*/*", maxBytes);
    requireDigest(body, digest, ref.registry() + "/" + ref.repository() + "@" + digest);
    return body;
  }

  private void download(ImageReference ref, String digest, long size, Path file) throws RegistryReadException {
    ImageReference blobRef = digestRef(ref, digest);
    HttpResponse<InputStream> response = send(ref, api(ref, "/blobs/" + blobRef.digest()), "*/*");
    MessageDigest sha256 = sha256();
    long written = 0;
    try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        written += n;
        if (written > size) {
          break;
        }
        sha256.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      deleteQuietly(file);
      throw new RegistryReadException("reading " + blobRef + ": " + e.getMessage(), e);
    }
    String actual = "sha256:" + HexFormat.of().formatHex(sha256.digest());
    if (written != size || !actual.equals(digest)) {
      deleteQuietly(file);
      throw new ContentMismatchException(blobRef + ": the registry served " + (written > size ? "more than " + size + " bytes" : actual));
    }
  }

  private byte[] get(ImageReference ref, URI uri, String accept, long maxBytes) throws RegistryReadException {
    HttpResponse<InputStream> response = send(ref, uri, accept);
    try (InputStream in = response.body()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (body.length > maxBytes) {
        throw new ContentMismatchException(uri + " is larger than the " + maxBytes + " bytes allowed");
      }
      return body;
    } catch (IOException e) {
      throw new RegistryReadException("reading " + uri + ": " + e.getMessage(), e);
    }
  }

  /** GET with the repository's token, fetching one when the registry asks for it. */
  private HttpResponse<InputStream> send(ImageReference ref, URI uri, String accept) throws RegistryReadException {
    String scopeKey = ref.registry() + "/" + ref.repository();
    HttpResponse<InputStream> response = exchange(uri, accept, tokens.get(scopeKey));
    if (response.statusCode() == 401) {
      String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
      drain(response);
      String header = answer(ref, challenge);
      if (header != null) {
        tokens.put(scopeKey, header);
        response = exchange(uri, accept, header);
      } else {
        response = null;
      }
      if (response == null || response.statusCode() == 401) {
        if (response != null) {
          drain(response);
        }
        throw new RegistryReadException(uri + ": 401 Unauthorized" + (credentials.isEmpty() ? " (no registry credentials given)" : ""));
      }
    }
    if (response.statusCode() != 200) {
      int status = response.statusCode();
      drain(response);
      throw new RegistryReadException(uri + ": HTTP " + status + (status == 404 ? " (not found)" : ""));
    }
    return response;
  }

  private HttpResponse<InputStream> exchange(URI uri, String accept, String authorization) throws RegistryReadException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", accept).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new RegistryReadException(uri + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryReadException(uri + ": interrupted", e);
    }
  }

  /** The Authorization header that answers a challenge, or null when it cannot be answered. */
  private String answer(ImageReference ref, String challenge) throws RegistryReadException {
    if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
      return credentials.map(RegistryReader::basic).orElse(null);
    }
    if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = CHALLENGE_PARAM.matcher(challenge);
    while (m.find()) {
      params.put(m.group(1), m.group(2));
    }
    String realm = params.get("realm");
    if (realm == null) {
      return null;
    }
    StringBuilder query = new StringBuilder();
    if (params.containsKey("service")) {
      query.append("service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8));
    }
    String scope = params.getOrDefault("scope", "repository:" + ref.repository() + ":pull");
    query.append(query.isEmpty() ? "" : "&").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
    if (!"https".equals(tokenUri.getScheme()) && !loopbackHost(tokenUri.getHost())) {
      // The token request carries the registry credentials: never in clear to another machine.
      throw new RegistryReadException(ref.registry() + " asks for a token from " + realm + ", which is neither https nor on this machine");
    }
    HttpResponse<InputStream> response = exchange(tokenUri, "application/json", credentials.map(RegistryReader::basic).orElse(null));
    if (response.statusCode() != 200) {
      drain(response);
      return null;
    }
    try (InputStream in = response.body()) {
      JsonNode body = JSON.readTree(in.readNBytes((int) MAX_DOCUMENT_BYTES));
      String token = body.path("token").asText(body.path("access_token").asText(""));
      return token.isEmpty() ? null : "Bearer " + token;
    } catch (IOException e) {
      throw new RegistryReadException("token from " + realm + ": " + e.getMessage(), e);
    }
  }

  /** The reference at a digest the registry named; a digest of another form is refused as content. */
  private static ImageReference digestRef(ImageReference ref, String digest) throws ContentMismatchException {
    try {
      return ref.withDigest(digest);
    } catch (IllegalArgumentException e) {
      throw new ContentMismatchException(ref.registry() + "/" + ref.repository() + " names a blob by '" + digest + "', not a sha256 digest");
    }
  }

  private static boolean loopbackHost(String host) {
    String bracketed = host == null || host.startsWith("[") || !host.contains(":") ? host : "[" + host + "]";
    return host != null && new ImageReference(bracketed, "x", "t", null).loopback();
  }

  private static String basic(Credentials c) {
    return "Basic " + Base64.getEncoder().encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
  }

  private static URI api(ImageReference ref, String path) {
    return URI.create((ref.loopback() ? "http://" : "https://") + ref.registry() + "/v2/" + ref.repository() + path);
  }

  private static JsonNode parse(byte[] body, ImageReference ref) throws RegistryReadException {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new RegistryReadException(ref + " is not JSON", e);
    }
  }

  static void requireDigest(byte[] body, String digest, String what) throws ContentMismatchException {
    String actual = "sha256:" + HexFormat.of().formatHex(sha256().digest(body));
    if (!actual.equals(digest)) {
      throw new ContentMismatchException(what + ": the registry served content with digest " + actual);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void drain(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      in.skip(Long.MAX_VALUE);
    } catch (IOException e) {
      // the connection is dropped instead of reused
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // nothing more to do
    }
  }
}
