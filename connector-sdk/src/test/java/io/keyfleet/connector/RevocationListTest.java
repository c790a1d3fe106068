package io.keyfleet.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.keyfleet.connector.RevocationListException.Failure;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet CRL fetched over HTTP from a loopback server, checked against the CA, and used to
 * answer revocation questions. Certificates and CRLs come from a Bouncy Castle CA in the test.
 */
class RevocationListTest {
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final Map<String, Response> RESPONSES = new ConcurrentHashMap<>();
  static final AtomicInteger REQUESTS = new AtomicInteger();
  static HttpServer server;
  static ExecutorService executor;
  static String base;
  static TestCa ca;
  static TestCa.Leaf good;
  static TestCa.Leaf revoked;
  static TestCa.Leaf unspecified;
  static X509CRL crl;

  /** What the loopback server answers on a path; chunked means no Content-Length. */
  record Response(int status, byte[] body, boolean chunked, Duration delay) {
    static Response ok(byte[] body) {
      return new Response(200, body, false, Duration.ZERO);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    executor = Executors.newCachedThreadPool();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      REQUESTS.incrementAndGet();
      Response response = RESPONSES.getOrDefault(exchange.getRequestURI().getPath(),
          new Response(404, "not found\n".getBytes(StandardCharsets.UTF_8), false, Duration.ZERO));
      try {
        Thread.sleep(response.delay().toMillis());
        exchange.sendResponseHeaders(response.status(), response.chunked() ? 0 : response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body());
        }
      } catch (Exception e) {
        exchange.close();
      }
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    ca = new TestCa("Fleet CA", NOW);
    good = ca.issue("device-good", base + "/crl/hospital-a/fleet-a.crl", NOW);
    revoked = ca.issue("device-revoked", base + "/crl/hospital-a/fleet-a.crl", NOW);
    unspecified = ca.issue("device-unspecified", base + "/crl/hospital-a/fleet-a.crl", NOW);
    crl = ca.crl(NOW.minusSeconds(60), NOW.plus(Duration.ofHours(1)),
        new TestCa.Revoked(revoked.certificate().getSerialNumber(), CRLReason.KEY_COMPROMISE.ordinal()),
        new TestCa.Revoked(unspecified.certificate().getSerialNumber(), -1),
        new TestCa.Revoked(BigInteger.valueOf(12345), CRLReason.SUPERSEDED.ordinal()));
    RESPONSES.put("/crl/hospital-a/fleet-a.crl", Response.ok(crl.getEncoded()));
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  static URI url(String path) {
    return URI.create(base + path);
  }

  @Test
  void aValidCrlFromTheCertificatesDistributionPointAnswers() throws Exception {
    URI point = RevocationList.distributionPoint(good.certificate()).orElseThrow();
    assertThat(point).isEqualTo(url("/crl/hospital-a/fleet-a.crl"));

    RevocationList list = RevocationList.fetch(point, List.of(ca.certificate), CLOCK);

    assertThat(list.isRevoked(good.certificate())).isFalse();
    assertThat(list.revocationReason(good.certificate())).isEmpty();
    assertThat(list.isRevoked(revoked.certificate())).isTrue();
    assertThat(list.revocationReason(revoked.certificate())).contains(CRLReason.KEY_COMPROMISE);
    assertThat(list.revocationReason(unspecified.certificate())).contains(CRLReason.UNSPECIFIED);
    assertThat(list.thisUpdate()).isEqualTo(NOW.minusSeconds(60));
    assertThat(list.nextUpdate()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    assertThat(list.issuer()).isEqualTo(ca.certificate);
    assertThat(list.toString()).contains("CN=Fleet CA").contains("3 revoked");
  }

  @Test
  void aPemCrlIsReadToo() throws Exception {
    RESPONSES.put("/fleet.pem", Response.ok(TestCa.pem("X509 CRL", crl.getEncoded()).getBytes(StandardCharsets.US_ASCII)));
    RevocationList list = RevocationList.fetch(url("/fleet.pem"), List.of(ca.certificate), CLOCK);
    assertThat(list.isRevoked(revoked.certificate())).isTrue();
    assertThat(RevocationList.parse(crl.getEncoded(), List.of(ca.certificate), CLOCK).isRevoked(revoked.certificate())).isTrue();
  }

  @Test
  void aCrlSignedByAnotherCaIsRefused() throws Exception {
    TestCa impostor = new TestCa("Fleet CA", NOW);
    RESPONSES.put("/impostor.crl", Response.ok(impostor.crl(NOW, NOW.plusSeconds(3600)).getEncoded()));
    assertThatThrownBy(() -> RevocationList.fetch(url("/impostor.crl"), List.of(ca.certificate), CLOCK))
        .isInstanceOfSatisfying(RevocationListException.class, e -> assertThat(e.failure()).isEqualTo(Failure.BAD_SIGNATURE))
        .hasMessageContaining("not signed by the key of any CA certificate of that name");
    // With both CA certificates given, the one whose key signed it is chosen.
    assertThat(RevocationList.fetch(url("/impostor.crl"), List.of(ca.certificate, impostor.certificate), CLOCK).issuer())
        .isEqualTo(impostor.certificate);

    TestCa other = new TestCa("Other CA", NOW);
    RESPONSES.put("/other.crl", Response.ok(other.crl(NOW, NOW.plusSeconds(3600)).getEncoded()));
    assertThatThrownBy(() -> RevocationList.fetch(url("/other.crl"), List.of(ca.certificate), CLOCK))
        .isInstanceOfSatisfying(RevocationListException.class, e -> assertThat(e.failure()).isEqualTo(Failure.BAD_SIGNATURE))
        .hasMessageContaining("issued by CN=Other CA, which is none of the CA certificates given");
  }

  @Test
  void aCrlTamperedWithIsRefused() throws Exception {
    byte[] der = crl.getEncoded();
    byte[] tampered = der.clone();
    tampered[tampered.length - 10] ^= 0x01; // inside the signature
    assertThatThrownBy(() -> RevocationList.parse(tampered, List.of(ca.certificate), CLOCK))
        .isInstanceOfSatisfying(RevocationListException.class,
            e -> assertThat(e.failure()).isIn(Failure.BAD_SIGNATURE, Failure.MALFORMED));
  }

  @Test
  void aStaleCrlIsRefused() throws Exception {
    Clock later = Clock.fixed(NOW.plus(Duration.ofHours(1)).plusSeconds(1), ZoneOffset.UTC);
    assertThatThrownBy(() -> RevocationList.fetch(url("/crl/hospital-a/fleet-a.crl"), List.of(ca.certificate), later))
        .isInstanceOfSatisfying(RevocationListException.class, e -> assertThat(e.failure()).isEqualTo(Failure.STALE))
        .hasMessageContaining("stale").hasMessageContaining(NOW.plus(Duration.ofHours(1)).toString());
    // Exactly at nextUpdate it is still current.
    Clock due = Clock.fixed(NOW.plus(Duration.ofHours(1)), ZoneOffset.UTC);
    assertThat(RevocationList.fetch(url("/crl/hospital-a/fleet-a.crl"), List.of(ca.certificate), due).isRevoked(good.certificate()))
        .isFalse();
  }

  @Test
  void aListThatGoesStaleStopsAnswering() throws Exception {
    MutableClock clock = new MutableClock(NOW);
    RevocationList list = RevocationList.fetch(url("/crl/hospital-a/fleet-a.crl"), List.of(ca.certificate), clock);
    assertThat(list.isRevoked(revoked.certificate())).isTrue();
    clock.set(NOW.plus(Duration.ofHours(2)));
    assertThatThrownBy(() -> list.isRevoked(revoked.certificate()))
        .isInstanceOfSatisfying(RevocationListException.class, e -> assertThat(e.failure()).isEqualTo(Failure.STALE));
    assertThatThrownBy(() -> list.revocationReason(good.certificate())).isInstanceOf(RevocationListException.class);
  }

  @Test
  void aCrlWithoutNextUpdateIsRefused() throws Exception {
    assertThatThrownBy(() -> RevocationList.parse(ca.crl(NOW, null).getEncoded(), List.of(ca.certificate), CLOCK))
        .isInstanceOfSatisfying(RevocationListException.class, e -> assertThat(e.failure()).isEqualTo(Failure.MALFORMED))
        .hasMessageContaining("no nextUpdate");
  }

  @Test
  void fetchAndParseFailuresSayWhy() throws Exception {
    assertThatThrownBy(() -> RevocationList.fetch(url("/missing.crl"), List.of(ca.certificate), CLOCK))
        .isInstanceOfSatisfying(RevocationListException.class, e -> assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE))
        .hasMessageContaining("answered HTTP 404").hasMessageContaining("/missing.crl");
    RESPONSES.put("/garbage.crl", Response.ok("this is no CRL".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> RevocationList.fetch(url("/garbage.crl"), List.of(ca.certificate), CLOCK))
        .isInstanceOfSatisfying(RevocationListException.class, e -> assertThat(e.failure()).isEqualTo(Failure.MALFORMED));
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    assertThatThrownBy(() -> RevocationList.fetch(URI.create("http://127.0.0.1:" + closedPort + "/x.crl"), List.of(ca.certificate), CLOCK))
        .isInstanceOfSatisfying(RevocationListException.class, e -> assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE))
        .hasMessageContaining("cannot fetch the CRL from http://127.0.0.1:" + closedPort);
    assertThatThrownBy(() -> RevocationList.fetch(URI.create("ftp://127.0.0.1/x.crl"), List.of(ca.certificate), CLOCK))
        .isInstanceOfSatisfying(RevocationListException.class, e -> assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE))
        .hasMessageContaining("not http or https");
  }

  @Test
  void downloadsAreLimitedInSizeAndTime() throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    RESPONSES.put("/declared.crl", Response.ok(new byte[5000]));
    RESPONSES.put("/chunked.crl", new Response(200, new byte[5000], true, Duration.ZERO));
    RESPONSES.put("/fits.crl", new Response(200, new byte[1000], true, Duration.ZERO));
    RESPONSES.put("/slow.crl", new Response(200, new byte[10], false, Duration.ofSeconds(3)));
    for (String path : List.of("/declared.crl", "/chunked.crl")) {
      assertThatThrownBy(() -> CrlDownload.fetch(client, url(path), 1000, Duration.ofSeconds(10)))
          .as(path)
          .isInstanceOfSatisfying(RevocationListException.class, e -> assertThat(e.failure()).isEqualTo(Failure.TOO_LARGE))
          .hasMessageContaining("larger than 1000 bytes");
    }
    assertThat(CrlDownload.fetch(client, url("/fits.crl"), 1000, Duration.ofSeconds(10))).hasSize(1000);
    long start = System.nanoTime();
    assertThatThrownBy(() -> CrlDownload.fetch(client, url("/slow.crl"), 1000, Duration.ofMillis(300)))
        .isInstanceOfSatisfying(RevocationListException.class, e -> assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE))
        .hasMessageContaining("took longer than PT0.3S");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(RevocationList.MAX_BYTES).isEqualTo(16L * 1024 * 1024);
  }

  @Test
  void certificatesOfAnotherIssuerAreNotJudged() throws Exception {
    RevocationList list = RevocationList.parse(crl.getEncoded(), List.of(ca.certificate), CLOCK);
    TestCa other = new TestCa("Other CA", NOW);
    TestCa.Leaf stranger = other.issue("stranger", null, NOW);
    assertThatThrownBy(() -> list.isRevoked(stranger.certificate()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("this CRL covers only CN=Fleet CA");
  }

  @Test
  void aCertificateWithoutDistributionPointHasNone() throws Exception {
    assertThat(RevocationList.distributionPoint(ca.issue("no-crl", null, NOW).certificate())).isEmpty();
    assertThat(RevocationList.distributionPoint(ca.issue("ldap-crl", "ldap://ldap.example/cn=crl", NOW).certificate())).isEmpty();
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
