package io.keyfleet.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device Secret's credentials as key stores and a TLS context: a real mutual-TLS handshake with a
 * back end whose certificate the same CA signed (certificates made by openssl, the independent
 * party).
 */
class DeviceCredentialsTest {
  @TempDir static Path dir;
  static Map<String, String> device;
  static Map<String, String> server;

  @BeforeAll
  static void certificates() throws Exception {
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=fleet CA", "-days", "2",
        "-keyout", "ca.key", "-out", "ca.crt");
    for (String name : List.of("device", "server")) {
      openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=" + name,
          "-keyout", name + ".key", "-out", name + ".csr");
      openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "1", "-out", name + ".crt");
      openssl("pkcs8", "-topk8", "-nocrypt", "-in", name + ".key", "-out", name + ".p8");
    }
    device = secret("device");
    server = secret("server");
  }

  static Map<String, String> secret(String name) throws Exception {
    String chain = Files.readString(dir.resolve(name + ".crt")) + Files.readString(dir.resolve("ca.crt"));
    return Map.of("tls.crt", b64(chain), "tls.key", b64(Files.readString(dir.resolve(name + ".p8"))),
        "ca.crt", b64(Files.readString(dir.resolve("ca.crt"))));
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static void openssl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
  }

  @Test
  void aMutualTlsHandshakeWithTheFleetsTrustAnchors() throws Exception {
    DeviceCredentials deviceCredentials = DeviceCredentials.fromSecretData(device);
    DeviceCredentials serverCredentials = DeviceCredentials.fromSecretData(server);
    assertThat(deviceCredentials.chain()).hasSize(2);
    assertThat(deviceCredentials.keyStore().getCertificateChain(DeviceCredentials.ALIAS)).hasSize(2);
    try (SSLServerSocket listener = (SSLServerSocket) serverCredentials.sslContext().getServerSocketFactory().createServerSocket(0)) {
      listener.setNeedClientAuth(true);
      CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
        try (SSLSocket s = (SSLSocket) listener.accept()) {
          s.startHandshake();
          String name = ((java.security.cert.X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
          OutputStream out = s.getOutputStream();
          out.write(1);
          out.flush();
          return name;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      try (SSLSocket client = (SSLSocket) deviceCredentials.sslContext().getSocketFactory().createSocket("127.0.0.1", listener.getLocalPort())) {
        client.startHandshake();
        InputStream in = client.getInputStream();
        assertThat(in.read()).isEqualTo(1);
      }
      assertThat(peer.get(30, TimeUnit.SECONDS)).isEqualTo("CN=device");
    }
  }

  @Test
  void aDeviceHoldingItsOwnKeyNeedsItForTls() {
    Map<String, String> noKey = Map.of("tls.crt", device.get("tls.crt"), "ca.crt", device.get("ca.crt"));
    DeviceCredentials credentials = DeviceCredentials.fromSecretData(noKey);
    assertThatThrownBy(credentials::keyStore).isInstanceOf(IllegalStateException.class).hasMessageContaining("holds its own key");
    assertThat(credentials.toString()).contains("CN=device").doesNotContain("PRIVATE");
  }

  @Test
  void badSecretsSayWhatIsWrong() {
    assertThatThrownBy(() -> DeviceCredentials.fromSecretData(Map.of("ca.crt", device.get("ca.crt"))))
        .hasMessageContaining("no tls.crt");
    assertThatThrownBy(() -> DeviceCredentials.fromSecretData(Map.of("tls.crt", device.get("tls.crt"), "ca.crt", device.get("ca.crt"),
        "tls.key", b64("not a key")))).hasMessageContaining("no PKCS#8 PRIVATE KEY");
  }
}
