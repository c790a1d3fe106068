package io.keyfleet.operator.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.keyfleet.operator.oci.RegistryException.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How registry failures reach the caller, against a fake registry on loopback that answers every
 * request the same way: the reason, a message naming registry and artifact, and never the
 * credentials.
 */
@Timeout(60)
class OciRegistryErrorsTest {
  static final String USER = "robot-user";
  static final String PASSWORD = "pa55-w0rd-secret";
  static final String MANIFEST =
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
          + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":"
          + "\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},"
          + "\"layers\":[]}";

  HttpServer server;
  final List<String> authorizations = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
    "401, Unauthorized,     did not accept the credentials (HTTP 401) to resolve",
    "403, Unauthorized,     denied access (HTTP 403) to resolve",
    "404, ArtifactNotFound, /fleets/pumps:1.0 not found on registry",
    "500, RegistryError,    answered HTTP 500 to resolve",
    "503, RegistryError,    answered HTTP 503 to resolve",
  })
  void httpStatusesBecomeReasons(int status, Reason reason, String message) throws IOException {
    String host = serve(status, Map.of("WWW-Authenticate", "Basic realm=\"fake\""), "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"" + PASSWORD + "\"}]}");
    OciRegistry registry = withCredentials(host);

    assertThatThrownBy(() -> registry.resolve(host + "/fleets/pumps:1.0"))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage())
                  .contains(message)
                  .contains(host)
                  .doesNotContain(USER)
                  .doesNotContain(PASSWORD);
            });
    assertThat(authorizations).isNotEmpty().allSatisfy(a -> assertThat(a).startsWith("Basic "));
  }

  @Test
  void aRefusedConnectionIsUnreachable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String host = "127.0.0.1:" + port;

    assertThatThrownBy(() -> withCredentials(host).resolve(host + "/fleets/pumps:1.0"))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.RegistryUnreachable);
              assertThat(e.getMessage())
                  .isEqualTo("cannot reach registry " + host + " to resolve " + host + "/fleets/pumps:1.0: connection refused");
            });
  }

  @Test
  void aRegistryThatNeverAnswersIsUnreachableAfterTheTimeout() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new CopyOnWriteArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(socket.accept());
                  }
                } catch (IOException e) {
                  // closed at the end of the test
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      String host = "127.0.0.1:" + socket.getLocalPort();
      OciRegistry registry =
          new OciRegistry(RegistrySettings.anonymous(host + "/fleets/pumps", true), Duration.ofMillis(500));

      assertThatThrownBy(() -> registry.resolve(host + "/fleets/pumps:1.0"))
          .isInstanceOfSatisfying(
              RegistryException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.RegistryUnreachable);
                assertThat(e.getMessage()).contains("did not answer within 500 ms to resolve");
              });
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void servedBytesThatDoNotMatchTheDigestAreAMismatch() throws IOException {
    String host = serve(200, Map.of("Content-Type", OciManifest.MEDIA_TYPE), MANIFEST);
    String other = "sha256:" + "0".repeat(64);

    assertThatThrownBy(() -> anonymous(host).resolve(host + "/fleets/pumps@" + other))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DigestMismatch));
  }

  @Test
  void aDigestHeaderThatDoesNotMatchTheBytesIsAMismatch() throws IOException {
    String other = "sha256:" + "0".repeat(64);
    String host =
        serve(200, Map.of("Content-Type", OciManifest.MEDIA_TYPE, "Docker-Content-Digest", other), MANIFEST);

    assertThatThrownBy(() -> anonymous(host).resolve(host + "/fleets/pumps:1.0"))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.DigestMismatch);
              assertThat(e.getMessage()).contains("(it reports " + other + ")");
            });
  }

  @Test
  void aServedManifestResolvesToTheDigestOfItsBytes() throws Exception {
    String host = serve(200, Map.of("Content-Type", OciManifest.MEDIA_TYPE), MANIFEST);
    byte[] bytes = MANIFEST.getBytes(StandardCharsets.UTF_8);

    ResolvedArtifact resolved = anonymous(host).resolve(host + "/fleets/pumps:1.0");

    assertThat(resolved.digest()).isEqualTo(Digests.sha256(bytes));
    assertThat(resolved.size()).isEqualTo(bytes.length);
    assertThat(resolved.mediaType()).isEqualTo(OciManifest.MEDIA_TYPE);
    assertThat(resolved.artifactType()).isEqualTo(OciManifest.EMPTY_CONFIG_MEDIA_TYPE);
    assertThat(resolved.repository()).isEqualTo(host + "/fleets/pumps");
    assertThat(authorizations).containsOnly("");
  }

  @Test
  void referencesMustNameThisRegistry() {
    OciRegistry registry = anonymous("127.0.0.1:5000");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> registry.resolve("reg.example.com/fleets/pumps:1.0"))
        .withMessage("reg.example.com/fleets/pumps:1.0 is on registry reg.example.com, not on 127.0.0.1:5000");
  }

  private OciRegistry withCredentials(String host) {
    return new OciRegistry(
        new RegistrySettings(host + "/fleets/pumps", true, RegistryCredentials.of(USER, PASSWORD)));
  }

  private static OciRegistry anonymous(String host) {
    return new OciRegistry(RegistrySettings.anonymous(host + "/fleets/pumps", true));
  }

  /** A registry that answers every request with this status, headers and body. */
  private String serve(int status, Map<String, String> headers, String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        (HttpExchange exchange) -> {
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          authorizations.add(authorization == null ? "" : authorization);
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
          boolean head = exchange.getRequestMethod().equals("HEAD");
          exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
          if (!head) {
            exchange.getResponseBody().write(bytes);
          }
          exchange.close();
        });
    server.start();
    return "127.0.0.1:" + server.getAddress().getPort();
  }
}
