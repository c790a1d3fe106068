package io.keyfleet.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Pushes blobs and manifests to a plain-HTTP registry on loopback (OCI distribution spec,
 * monolithic uploads): what the simulated attacker needs to plant a forged manifest. The SDK has
 * no write path on purpose; connectors only read.
 */
final class RegistryWriter {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String registry;
  private final String repository;

  RegistryWriter(String registry, String repository) {
    if (!new io.keyfleet.connector.registry.ImageReference(registry, repository, "latest", null).loopback()) {
      throw new IllegalArgumentException("the simulator only plants forged manifests in a registry on loopback, not " + registry);
    }
    this.registry = registry;
    this.repository = repository;
  }

  /** Uploads a blob; returns its digest. */
  String blob(byte[] content) throws IOException, InterruptedException {
    String digest = digest(content);
    HttpResponse<String> started = http.send(HttpRequest.newBuilder(uri("/blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    expect(started, 202, "starting an upload");
    String location = started.headers().firstValue("Location").orElseThrow(() -> new IOException("no Location for the upload"));
    URI put = location.startsWith("http") ? URI.create(location) : URI.create("http://" + registry + location);
    String separator = put.getQuery() == null ? "?" : "&";
    HttpResponse<String> done = http.send(HttpRequest.newBuilder(URI.create(put + separator + "digest=" + digest))
        .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
        HttpResponse.BodyHandlers.ofString());
    expect(done, 201, "uploading " + digest);
    return digest;
  }

  /** Puts a manifest under a tag or its digest; returns its digest. */
  String manifest(byte[] content, String mediaType, String reference) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/manifests/" + reference)).header("Content-Type", mediaType)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
    expect(r, 201, "putting manifest " + reference);
    return digest(content);
  }

  private URI uri(String path) {
    return URI.create("http://" + registry + "/v2/" + repository + path);
  }

  private static void expect(HttpResponse<String> r, int status, String what) throws IOException {
    if (r.statusCode() != status) {
      throw new IOException(what + ": HTTP " + r.statusCode() + " " + r.body());
    }
  }

  static String digest(byte[] content) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
