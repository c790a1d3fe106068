package io.keyfleet.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.cert.CRLReason;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real TLS handshakes on loopback where one side checks the other against the fleet CRL: a revoked
 * certificate fails the handshake, one that is not revoked passes, and a stale CRL fails every
 * handshake. The certificates name a CRL distribution point on a loopback server that counts
 * requests, to show the check never goes to the network.
 */
class RevocationTlsTest {
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  static final AtomicInteger CRL_REQUESTS = new AtomicInteger();
  static HttpServer crlServer;
  static TestCa ca;
  static DeviceCredentials server;
  static DeviceCredentials goodDevice;
  static DeviceCredentials revokedDevice;
  static RevocationList crl;

  @BeforeAll
  static void fleet() throws Exception {
    crlServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    crlServer.createContext("/", exchange -> {
      CRL_REQUESTS.incrementAndGet();
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    crlServer.start();
    String crlUrl = "http://127.0.0.1:" + crlServer.getAddress().getPort() + "/crl/hospital-a/fleet-a.crl";
    ca = new TestCa("Fleet CA", NOW);
    TestCa.Leaf serverLeaf = ca.issue("backend", crlUrl, NOW);
    TestCa.Leaf good = ca.issue("device-good", crlUrl, NOW);
    TestCa.Leaf revoked = ca.issue("device-revoked", crlUrl, NOW);
    server = DeviceCredentials.fromSecretData(ca.secretData(serverLeaf));
    goodDevice = DeviceCredentials.fromSecretData(ca.secretData(good));
    revokedDevice = DeviceCredentials.fromSecretData(ca.secretData(revoked));
    crl = RevocationList.parse(
        ca.crl(NOW.minusSeconds(60), NOW.plus(Duration.ofHours(1)),
            new TestCa.Revoked(revoked.certificate().getSerialNumber(), CRLReason.KEY_COMPROMISE.ordinal())).getEncoded(),
        server.trustAnchors(), new RevocationListTest.MutableClock(NOW));
  }

  @AfterAll
  static void stop() {
    crlServer.stop(0);
  }

  /** The server's view of one handshake: "ok CN=..." or "refused: " and the causes' messages. */
  static String handshake(SSLContext serverContext, SSLContext clientContext) throws Exception {
    try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0)) {
      listener.setNeedClientAuth(true);
      CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
        try (SSLSocket s = (SSLSocket) listener.accept()) {
          s.setSoTimeout(20_000);
          try {
            s.startHandshake();
          } catch (Exception e) {
            return "refused: " + causes(e);
          }
          OutputStream out = s.getOutputStream();
          out.write(1);
          out.flush();
          return "ok " + ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        } catch (Exception e) {
          return "server error: " + causes(e);
        }
      });
      String client;
      try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory().createSocket("127.0.0.1", listener.getLocalPort())) {
        socket.setSoTimeout(20_000);
        socket.startHandshake();
        InputStream in = socket.getInputStream();
        client = in.read() == 1 ? "ok" : "closed";
      } catch (Exception e) {
        client = "refused: " + causes(e);
      }
      return served.get(30, TimeUnit.SECONDS) + " | client " + client;
    }
  }

  static String causes(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" / ");
    }
    return text.toString();
  }

  @Test
  void aDeviceThatIsNotRevokedIsAccepted() throws Exception {
    String result = handshake(server.sslContext(crl), goodDevice.sslContext());
    assertThat(result).startsWith("ok CN=device-good").endsWith("client ok");
    assertThat(CRL_REQUESTS).hasValue(0);
  }

  @Test
  void aRevokedDeviceFailsTheHandshake() throws Exception {
    String result = handshake(server.sslContext(crl), revokedDevice.sslContext());
    assertThat(result).startsWith("refused: ").contains("revoked").doesNotContain("client ok");
    assertThat(CRL_REQUESTS).hasValue(0);
    // Without the CRL the same device is accepted: the refusal is the CRL's doing.
    assertThat(handshake(server.sslContext(), revokedDevice.sslContext())).startsWith("ok CN=device-revoked");
  }

  @Test
  void aClientRefusesARevokedServer() throws Exception {
    String result = handshake(revokedDevice.sslContext(), goodDevice.sslContext(crl));
    assertThat(result).contains("client refused: ").contains("revoked");
  }

  @Test
  void aStaleCrlFailsEveryHandshake() throws Exception {
    RevocationListTest.MutableClock clock = new RevocationListTest.MutableClock(NOW);
    RevocationList list = RevocationList.parse(crl.crl().getEncoded(), List.of(ca.certificate), clock);
    SSLContext context = server.sslContext(list);
    assertThat(handshake(context, goodDevice.sslContext())).startsWith("ok CN=device-good");
    clock.set(NOW.plus(Duration.ofHours(1)).plusSeconds(1));
    assertThat(handshake(context, goodDevice.sslContext())).startsWith("refused: ").contains("stale");
  }
}
