package io.keyfleet.connector.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.keyfleet.connector.SignedUpdate;
import io.keyfleet.connector.registry.RegistryReader.Credentials;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RegistryReader against a small OCI registry in the test (a JDK HttpServer on loopback, so the
 * reader speaks plain HTTP): manifests and blobs served from maps, with optional bearer-token or
 * basic authentication, and the ability to serve other bytes than asked for.
 */
class RegistryReaderTest {
  static final String REPO = "keyfleet/icu";
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String SIGNATURE = Base64.getEncoder().encodeToString("not really a signature".getBytes(StandardCharsets.UTF_8));

  FakeRegistry registry;
  RegistryReader reader;

  @BeforeEach
  void start() throws IOException {
    registry = new FakeRegistry();
    reader = new RegistryReader(Optional.empty(), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  // ---- fetchUpdate ----

  @Test
  void fetchUpdateReturnsManifestLayerSignaturePayloadAndSignature() throws Exception {
    Update u = registry.publishUpdate("2.4.1");

    SignedUpdate fetched = reader.fetchUpdate(registry.host() + "/" + REPO + "@" + u.digest());

    assertThat(fetched.ociManifest()).isEqualTo(u.oci());
    assertThat(fetched.updateManifest()).isEqualTo(u.updateManifest());
    assertThat(fetched.signaturePayload()).isEqualTo(u.payload());
    assertThat(fetched.signatureBase64()).isEqualTo(SIGNATURE);
    assertThat(registry.requests).containsExactly(
        "/v2/" + REPO + "/manifests/" + u.digest(),
        "/v2/" + REPO + "/blobs/" + sha256(u.updateManifest()),
        "/v2/" + REPO + "/manifests/" + u.digest().replace(':', '-') + ".sig",
        "/v2/" + REPO + "/blobs/" + sha256(u.payload()));
    assertThat(registry.manifestAccepts).allSatisfy(accept -> assertThat(accept).contains(OCI_MANIFEST));
  }

  @Test
  void fetchUpdateWithoutSignatureAnnotationGivesAnEmptySignature() throws Exception {
    byte[] updateManifest = json("{\"version\":\"1.0.0\"}");
    String digest = registry.putManifest(ociManifest(layer("application/json", updateManifest, null)));
    registry.putBlob(updateManifest);
    byte[] payload = json("{\"critical\":{}}");
    registry.putBlob(payload);
    registry.putManifest(digest.replace(':', '-') + ".sig", ociManifest(layer("application/json", payload, null)));

    assertThat(reader.fetchUpdate(registry.host() + "/" + REPO + "@" + digest).signatureBase64()).isEmpty();
  }

  @Test
  void aManifestWithOtherBytesThanItsDigestIsAContentMismatch() throws Exception {
    Update u = registry.publishUpdate("2.4.1");
    registry.manifests.put(REPO + "@" + u.digest(), json("{\"layers\":[]}"));

    assertThatThrownBy(() -> reader.fetchUpdate(registry.host() + "/" + REPO + "@" + u.digest()))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessageContaining(u.digest())
        .hasMessageContaining(sha256(json("{\"layers\":[]}")));
  }

  @Test
  void anUpdateManifestBlobWithOtherBytesThanItsDigestIsAContentMismatch() throws Exception {
    Update u = registry.publishUpdate("2.4.1");
    registry.blobs.put(REPO + "@" + sha256(u.updateManifest()), json("{\"version\":\"9.9.9\"}"));

    assertThatThrownBy(() -> reader.fetchUpdate(registry.host() + "/" + REPO + "@" + u.digest()))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessageContaining(sha256(u.updateManifest()));
  }

  @Test
  void aSignaturePayloadWithOtherBytesThanItsDigestIsAContentMismatch() throws Exception {
    Update u = registry.publishUpdate("2.4.1");
    registry.blobs.put(REPO + "@" + sha256(u.payload()), json("{\"critical\":{\"image\":{}}}"));

    assertThatThrownBy(() -> reader.fetchUpdate(registry.host() + "/" + REPO + "@" + u.digest()))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessageContaining(sha256(u.payload()));
  }

  @Test
  void aManifestLargerThanTheLimitIsRefusedEvenWhenItsDigestMatches() throws Exception {
    byte[] large = new byte[(int) RegistryReader.MAX_MANIFEST_BYTES + 1];
    Arrays.fill(large, (byte) ' ');
    String digest = registry.putManifest(large);

    assertThatThrownBy(() -> reader.fetchUpdate(registry.host() + "/" + REPO + "@" + digest))
        .isInstanceOf(RegistryReadException.class)
        .hasMessageContaining("larger than the " + RegistryReader.MAX_MANIFEST_BYTES + " bytes allowed");
  }

  @Test
  void aManifestOfExactlyTheLimitIsRead() throws Exception {
    byte[] limit = new byte[(int) RegistryReader.MAX_MANIFEST_BYTES];
    Arrays.fill(limit, (byte) ' ');
    String digest = registry.putManifest(limit);

    assertThat(reader.manifest(ImageReference.parse(registry.host() + "/" + REPO + "@" + digest))).isEqualTo(limit);
  }

  @Test
  void fetchUpdateByTagIsRefusedWithoutAsking() {
    assertThatThrownBy(() -> reader.fetchUpdate(registry.host() + "/" + REPO + ":2.4.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("by digest");
    assertThat(registry.requests).isEmpty();
  }

  @Test
  void aManifestWithMoreThanOneLayerIsRefused() throws Exception {
    byte[] a = json("{\"a\":1}");
    byte[] b = json("{\"b\":2}");
    String digest = registry.putManifest(ociManifest(layer("application/json", a, null), layer("application/json", b, null)));

    assertThatThrownBy(() -> reader.fetchUpdate(registry.host() + "/" + REPO + "@" + digest))
        .isInstanceOf(RegistryReadException.class)
        .isNotInstanceOf(ContentMismatchException.class)
        .hasMessageContaining("exactly one layer");
  }

  @Test
  void aMissingManifestIsAReadErrorNamingTheUrl() {
    String digest = sha256(json("{}"));

    assertThatThrownBy(() -> reader.fetchUpdate(registry.host() + "/" + REPO + "@" + digest))
        .isInstanceOf(RegistryReadException.class)
        .isNotInstanceOf(ContentMismatchException.class)
        .hasMessageContaining("http://" + registry.host() + "/v2/" + REPO + "/manifests/" + digest)
        .hasMessageContaining("404");
  }

  @Test
  void aMissingSignatureIsAReadErrorNamingTheUrl() throws Exception {
    Update u = registry.publishUpdate("2.4.1");
    registry.manifests.remove(REPO + "@" + u.digest().replace(':', '-') + ".sig");

    assertThatThrownBy(() -> reader.fetchUpdate(registry.host() + "/" + REPO + "@" + u.digest()))
        .isInstanceOf(RegistryReadException.class)
        .isNotInstanceOf(ContentMismatchException.class)
        .hasMessageContaining("http://" + registry.host() + "/v2/" + REPO + "/manifests/" + u.digest().replace(':', '-') + ".sig")
        .hasMessageContaining("404");
  }

  @Test
  void aRefusedConnectionIsAReadErrorNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    String digest = sha256(json("{}"));

    assertThatThrownBy(() -> reader.fetchUpdate("127.0.0.1:" + port + "/" + REPO + "@" + digest))
        .isInstanceOf(RegistryReadException.class)
        .isNotInstanceOf(ContentMismatchException.class)
        .hasMessageContaining("http://127.0.0.1:" + port + "/v2/" + REPO + "/manifests/" + digest);
  }

  // ---- authentication ----

  @Test
  void bearerTokenIsFetchedOnceAndReused() throws Exception {
    registry.auth = Auth.BEARER;
    Update u = registry.publishUpdate("2.4.1");
    String ref = registry.host() + "/" + REPO + "@" + u.digest();

    assertThat(reader.fetchUpdate(ref).updateManifest()).isEqualTo(u.updateManifest());
    assertThat(registry.tokenCalls).hasValue(1);
    assertThat(registry.unauthorized).hasValue(1);

    assertThat(reader.fetchUpdate(ref).updateManifest()).isEqualTo(u.updateManifest());
    assertThat(registry.tokenCalls).hasValue(1);
    assertThat(registry.unauthorized).hasValue(1);
  }

  @Test
  void bearerTokenEndpointGetsTheCredentialsAsBasic() throws Exception {
    registry.auth = Auth.BEARER;
    registry.tokenBasic = basic("robot", "s3cret");
    Update u = registry.publishUpdate("2.4.1");
    RegistryReader withCredentials = new RegistryReader(Optional.of(new Credentials("robot", "s3cret")), Duration.ofSeconds(5));

    assertThat(withCredentials.fetchUpdate(registry.host() + "/" + REPO + "@" + u.digest()).signatureBase64()).isEqualTo(SIGNATURE);
    assertThat(registry.tokenCalls).hasValue(1);
  }

  @Test
  void bearerTokenRefusedForWrongCredentialsIsA401() throws Exception {
    registry.auth = Auth.BEARER;
    registry.tokenBasic = basic("robot", "s3cret");
    Update u = registry.publishUpdate("2.4.1");
    RegistryReader wrong = new RegistryReader(Optional.of(new Credentials("robot", "guess")), Duration.ofSeconds(5));

    assertThatThrownBy(() -> wrong.fetchUpdate(registry.host() + "/" + REPO + "@" + u.digest()))
        .isInstanceOf(RegistryReadException.class)
        .isNotInstanceOf(ContentMismatchException.class)
        .hasMessageContaining("http://" + registry.host() + "/v2/" + REPO + "/manifests/" + u.digest())
        .hasMessageContaining("401 Unauthorized")
        .hasMessageNotContaining("guess");
    assertThat(registry.tokenCalls).hasValue(1);
  }

  @Test
  void credentialsAreNeverSentInClearToATokenEndpointElsewhere() throws Exception {
    registry.auth = Auth.BEARER;
    registry.realm = "http://token.example.com/token";
    Update u = registry.publishUpdate("2.4.1");
    RegistryReader withCredentials = new RegistryReader(Optional.of(new Credentials("robot", "s3cret")), Duration.ofSeconds(5));

    assertThatThrownBy(() -> withCredentials.fetchUpdate(registry.host() + "/" + REPO + "@" + u.digest()))
        .isInstanceOf(RegistryReadException.class)
        .hasMessageContaining("neither https nor on this machine");
    assertThat(registry.tokenCalls).hasValue(0);
  }

  @Test
  void anExpiredBearerTokenIsReplaced() throws Exception {
    registry.auth = Auth.BEARER;
    Update u = registry.publishUpdate("2.4.1");
    String ref = registry.host() + "/" + REPO + "@" + u.digest();
    reader.fetchUpdate(ref);

    registry.token = "next-token";

    assertThat(reader.fetchUpdate(ref).ociManifest()).isEqualTo(u.oci());
    assertThat(registry.tokenCalls).hasValue(2);
  }

  @Test
  void basicChallengeIsAnsweredWithTheCredentials() throws Exception {
    registry.auth = Auth.BASIC;
    registry.basic = basic("robot", "s3cret");
    Update u = registry.publishUpdate("2.4.1");
    RegistryReader withCredentials = new RegistryReader(Optional.of(new Credentials("robot", "s3cret")), Duration.ofSeconds(5));

    assertThat(withCredentials.fetchUpdate(registry.host() + "/" + REPO + "@" + u.digest()).signaturePayload()).isEqualTo(u.payload());
    assertThat(registry.tokenCalls).hasValue(0);
  }

  @Test
  void basicChallengeWithoutCredentialsIsAClear401() throws Exception {
    registry.auth = Auth.BASIC;
    registry.basic = basic("robot", "s3cret");
    Update u = registry.publishUpdate("2.4.1");

    assertThatThrownBy(() -> reader.fetchUpdate(registry.host() + "/" + REPO + "@" + u.digest()))
        .isInstanceOf(RegistryReadException.class)
        .isNotInstanceOf(ContentMismatchException.class)
        .hasMessageContaining("http://" + registry.host() + "/v2/" + REPO + "/manifests/" + u.digest())
        .hasMessageContaining("401 Unauthorized (no registry credentials given)");
  }

  @Test
  void basicChallengeWithWrongCredentialsIsA401() throws Exception {
    registry.auth = Auth.BASIC;
    registry.basic = basic("robot", "s3cret");
    Update u = registry.publishUpdate("2.4.1");
    RegistryReader wrong = new RegistryReader(Optional.of(new Credentials("robot", "guess")), Duration.ofSeconds(5));

    assertThatThrownBy(() -> wrong.fetchUpdate(registry.host() + "/" + REPO + "@" + u.digest()))
        .isInstanceOf(RegistryReadException.class)
        .hasMessageContaining("401 Unauthorized")
        .hasMessageNotContaining("no registry credentials")
        .hasMessageNotContaining("guess");
  }

  @Test
  void credentialsDoNotShowThePassword() {
    Credentials c = new Credentials("robot", "s3cret");

    assertThat(c.toString()).contains("robot").doesNotContain("s3cret");
    assertThat(c.password()).isEqualTo("s3cret");
  }

  // ---- fetchArtifact ----

  @Test
  void fetchArtifactWritesEachLayerToAFile(@TempDir Path dir) throws Exception {
    byte[] firmware = bytes(200_000, 7);
    byte[] notes = "release notes".getBytes(StandardCharsets.UTF_8);
    registry.putBlob(firmware);
    registry.putBlob(notes);
    String digest = registry.putManifest(ociManifest(
        layer("application/vnd.keyfleet.firmware.v1", firmware, "icu-2.4.1.bin"), layer("text/plain", notes, null)));

    FirmwareArtifact artifact = reader.fetchArtifact(registry.host() + "/" + REPO + "@" + digest, dir, 1 << 20);

    assertThat(artifact.digest()).isEqualTo(digest);
    assertThat(artifact.layers()).hasSize(2);
    FirmwareArtifact.Layer first = artifact.layers().get(0);
    assertThat(first.title()).isEqualTo("icu-2.4.1.bin");
    assertThat(first.mediaType()).isEqualTo("application/vnd.keyfleet.firmware.v1");
    assertThat(first.digest()).isEqualTo(sha256(firmware));
    assertThat(first.size()).isEqualTo(firmware.length);
    assertThat(first.file().getParent()).isEqualTo(dir);
    assertThat(Files.readAllBytes(first.file())).isEqualTo(firmware);
    FirmwareArtifact.Layer second = artifact.layers().get(1);
    assertThat(second.title()).isNull();
    assertThat(second.mediaType()).isEqualTo("text/plain");
    assertThat(second.digest()).isEqualTo(sha256(notes));
    assertThat(second.size()).isEqualTo(notes.length);
    assertThat(Files.readAllBytes(second.file())).isEqualTo(notes);
    assertThat(second.file()).isNotEqualTo(first.file());
  }

  @Test
  void fetchArtifactByTagIsRefused(@TempDir Path dir) {
    assertThatThrownBy(() -> reader.fetchArtifact(registry.host() + "/" + REPO + ":2.4.1", dir, 1 << 20))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(registry.requests).isEmpty();
  }

  @Test
  void anArtifactManifestWithOtherBytesThanItsDigestIsAContentMismatch(@TempDir Path dir) throws Exception {
    byte[] firmware = bytes(1000, 1);
    registry.putBlob(firmware);
    String digest = registry.putManifest(ociManifest(layer("application/octet-stream", firmware, "fw.bin")));
    registry.manifests.put(REPO + "@" + digest, ociManifest(layer("application/octet-stream", bytes(1000, 2), "fw.bin")));

    assertThatThrownBy(() -> reader.fetchArtifact(registry.host() + "/" + REPO + "@" + digest, dir, 1 << 20))
        .isInstanceOf(ContentMismatchException.class);
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void aLayerWithOtherBytesOfTheSameSizeIsAContentMismatchAndLeavesNoFile(@TempDir Path dir) throws Exception {
    byte[] firmware = bytes(100_000, 3);
    String digest = registry.putManifest(ociManifest(layer("application/octet-stream", firmware, "fw.bin")));
    registry.blobs.put(REPO + "@" + sha256(firmware), bytes(100_000, 4));

    assertThatThrownBy(() -> reader.fetchArtifact(registry.host() + "/" + REPO + "@" + digest, dir, 1 << 20))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessageContaining(sha256(firmware))
        .hasMessageContaining(sha256(bytes(100_000, 4)));
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void aLayerServedLongerThanItsSizeIsAContentMismatchAndLeavesNoFile(@TempDir Path dir) throws Exception {
    byte[] firmware = bytes(100_000, 5);
    String digest = registry.putManifest(ociManifest(layer("application/octet-stream", firmware, "fw.bin")));
    byte[] longer = Arrays.copyOf(firmware, firmware.length + 1);
    registry.blobs.put(REPO + "@" + sha256(firmware), longer);

    assertThatThrownBy(() -> reader.fetchArtifact(registry.host() + "/" + REPO + "@" + digest, dir, 1 << 20))
        .isInstanceOf(ContentMismatchException.class)
        .hasMessageContaining("more than " + firmware.length + " bytes");
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void aLayerServedShorterThanItsSizeIsAContentMismatchAndLeavesNoFile(@TempDir Path dir) throws Exception {
    byte[] firmware = bytes(100_000, 6);
    String digest = registry.putManifest(ociManifest(layer("application/octet-stream", firmware, "fw.bin")));
    registry.blobs.put(REPO + "@" + sha256(firmware), Arrays.copyOf(firmware, firmware.length - 1));

    assertThatThrownBy(() -> reader.fetchArtifact(registry.host() + "/" + REPO + "@" + digest, dir, 1 << 20))
        .isInstanceOf(ContentMismatchException.class);
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void aLayerWhoseDescriptorClaimsMoreBytesThanItsContentIsAContentMismatch(@TempDir Path dir) throws Exception {
    byte[] firmware = bytes(5000, 9);
    registry.putBlob(firmware);
    String wrongSize = layer("application/octet-stream", firmware, "fw.bin").replace("\"size\":5000", "\"size\":5001");
    String digest = registry.putManifest(ociManifest(wrongSize));

    assertThatThrownBy(() -> reader.fetchArtifact(registry.host() + "/" + REPO + "@" + digest, dir, 1 << 20))
        .isInstanceOf(ContentMismatchException.class);
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void aLayerLargerThanAllowedIsRefusedBeforeDownload(@TempDir Path dir) throws Exception {
    byte[] firmware = bytes(2001, 8);
    registry.putBlob(firmware);
    String digest = registry.putManifest(ociManifest(layer("application/octet-stream", firmware, "fw.bin")));

    assertThatThrownBy(() -> reader.fetchArtifact(registry.host() + "/" + REPO + "@" + digest, dir, 2000))
        .isInstanceOf(RegistryReadException.class)
        .hasMessageContaining("2001")
        .hasMessageContaining("2000");
    assertThat(registry.requests).containsExactly("/v2/" + REPO + "/manifests/" + digest);
    assertThat(listing(dir)).isEmpty();

    assertThat(reader.fetchArtifact(registry.host() + "/" + REPO + "@" + digest, dir, 2001).layers()).hasSize(1);
  }

  // ---- the fake registry and its content ----

  enum Auth { NONE, BEARER, BASIC }

  record Update(String digest, byte[] oci, byte[] updateManifest, byte[] payload) {}

  static final class FakeRegistry implements AutoCloseable {
    final HttpServer server;
    final ExecutorService executor = Executors.newCachedThreadPool();
    /** By "repository@reference" (a digest or a tag). */
    final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    /** By "repository@digest". */
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    /** Paths asked for under /v2/, in order. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> manifestAccepts = new CopyOnWriteArrayList<>();
    final AtomicInteger tokenCalls = new AtomicInteger();
    final AtomicInteger unauthorized = new AtomicInteger();
    volatile Auth auth = Auth.NONE;
    /** The token endpoint the registry names (null: its own /token). */
    volatile String realm;
    /** The bearer token the registry accepts and its token endpoint hands out. */
    volatile String token = "good-token";
    /** With Auth.BEARER: the Authorization header the token endpoint requires, or null for anonymous tokens. */
    volatile String tokenBasic;
    /** With Auth.BASIC: the Authorization header the registry requires. */
    volatile String basic;

    FakeRegistry() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(executor);
      server.createContext("/", this::handle);
      server.start();
    }

    String host() {
      return "127.0.0.1:" + server.getAddress().getPort();
    }

    String putManifest(byte[] body) {
      String digest = sha256(body);
      manifests.put(REPO + "@" + digest, body);
      return digest;
    }

    void putManifest(String tag, byte[] body) {
      manifests.put(REPO + "@" + tag, body);
    }

    void putBlob(byte[] body) {
      blobs.put(REPO + "@" + sha256(body), body);
    }

    /** An update as the operator publishes it: manifest, its layer, and the cosign signature manifest. */
    Update publishUpdate(String version) {
      byte[] updateManifest = json("{\"fleet\":\"pumps\",\"version\":\"" + version + "\",\"sequence\":7}");
      putBlob(updateManifest);
      byte[] oci = ociManifest(layer("application/vnd.keyfleet.update.manifest.v1+json", updateManifest, null));
      String digest = putManifest(oci);
      byte[] payload = json("{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + digest + "\"}}}");
      putBlob(payload);
      putManifest(digest.replace(':', '-') + ".sig", ociManifest(
          layer("application/vnd.dev.cosign.simplesigning.v1+json", payload, null, "dev.cosignproject.cosign/signature", SIGNATURE)));
      return new Update(digest, oci, updateManifest, payload);
    }

    private void handle(HttpExchange ex) throws IOException {
      try {
        String path = ex.getRequestURI().getPath();
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        if (path.equals("/token")) {
          token(ex, authorization);
          return;
        }
        requests.add(path);
        if (!authorized(ex, authorization)) {
          return;
        }
        byte[] body = null;
        int manifestsAt = path.lastIndexOf("/manifests/");
        int blobsAt = path.lastIndexOf("/blobs/");
        if (path.startsWith("/v2/") && manifestsAt > 0) {
          manifestAccepts.add(String.valueOf(ex.getRequestHeaders().getFirst("Accept")));
          body = manifests.get(path.substring(4, manifestsAt) + "@" + path.substring(manifestsAt + "/manifests/".length()));
          ex.getResponseHeaders().set("Content-Type", OCI_MANIFEST);
        } else if (path.startsWith("/v2/") && blobsAt > 0) {
          body = blobs.get(path.substring(4, blobsAt) + "@" + path.substring(blobsAt + "/blobs/".length()));
          ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        }
        if (body == null) {
          ex.sendResponseHeaders(404, -1);
          return;
        }
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      } catch (IOException e) {
        // the reader stopped reading (a body larger than it allows)
      } finally {
        ex.close();
      }
    }

    private boolean authorized(HttpExchange ex, String authorization) throws IOException {
      switch (auth) {
        case NONE:
          return true;
        case BEARER:
          if (("Bearer " + token).equals(authorization)) {
            return true;
          }
          ex.getResponseHeaders().set("WWW-Authenticate",
              "Bearer realm=\"" + (realm != null ? realm : "http://" + host() + "/token") + "\",service=\"fake\",scope=\"repository:" + REPO + ":pull\"");
          break;
        case BASIC:
          if (basic != null && basic.equals(authorization)) {
            return true;
          }
          ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"x\"");
          break;
        default:
          throw new IllegalStateException();
      }
      unauthorized.incrementAndGet();
      ex.sendResponseHeaders(401, -1);
      return false;
    }

    private void token(HttpExchange ex, String authorization) throws IOException {
      tokenCalls.incrementAndGet();
      Map<String, String> query = new ConcurrentHashMap<>();
      String raw = ex.getRequestURI().getQuery();
      for (String pair : raw == null ? new String[0] : raw.split("&")) {
        int eq = pair.indexOf('=');
        query.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
      if (!"fake".equals(query.get("service")) || !("repository:" + REPO + ":pull").equals(query.get("scope"))) {
        ex.sendResponseHeaders(400, -1);
        return;
      }
      if (tokenBasic != null && !tokenBasic.equals(authorization)) {
        ex.sendResponseHeaders(401, -1);
        return;
      }
      byte[] body = json("{\"token\":\"" + token + "\",\"expires_in\":300}");
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }

    @Override
    public void close() {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  /** A layer descriptor; annotations as name, value pairs. */
  static String layer(String mediaType, byte[] content, String title, String... annotations) {
    StringBuilder a = new StringBuilder();
    if (title != null) {
      a.append("\"org.opencontainers.image.title\":\"").append(title).append('"');
    }
    for (int i = 0; i < annotations.length; i += 2) {
      a.append(a.length() == 0 ? "" : ",").append('"').append(annotations[i]).append("\":\"").append(annotations[i + 1]).append('"');
    }
    return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + sha256(content) + "\",\"size\":" + content.length
        + (a.length() == 0 ? "" : ",\"annotations\":{" + a + "}") + "}";
  }

  static byte[] ociManifest(String... layers) {
    byte[] config = json("{}");
    return json("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\","
        + "\"digest\":\"" + sha256(config) + "\",\"size\":" + config.length + "},\"layers\":[" + String.join(",", layers) + "]}");
  }

  static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed * 17 + (i >> 8));
    }
    return b;
  }

  static String sha256(byte[] body) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static List<Path> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }
}
