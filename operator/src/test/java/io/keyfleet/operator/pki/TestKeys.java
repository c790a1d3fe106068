package io.keyfleet.operator.pki;

import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Key pairs shared by the whole test suite: RSA generation is slow on small machines, so each
 * kind is generated once per JVM.
 */
final class TestKeys {
  private static final Map<KeyAlgorithm, KeyPair> PAIRS = new ConcurrentHashMap<>();
  private static volatile KeyPair rsa2048;

  private TestKeys() {}

  /** One key pair per algorithm, made by {@link KeyPairs#generate} on first use. */
  static KeyPair of(KeyAlgorithm algorithm) {
    return PAIRS.computeIfAbsent(algorithm, KeyPairs::generate);
  }

  /** An RSA-2048 pair (none of ours), generated once by openssl. */
  static synchronized KeyPair rsa2048() {
    if (rsa2048 == null) {
      try {
        Path dir = Files.createTempDirectory("keyfleet-rsa2048");
        OpenSsl.ok(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
            "-out", "rsa.key");
        OpenSsl.ok(dir, "pkey", "-in", "rsa.key", "-pubout", "-out", "rsa.pub");
        rsa2048 =
            new KeyPair(
                publicKey(OpenSsl.read(dir, "rsa.pub")),
                Pem.parsePrivateKey(OpenSsl.read(dir, "rsa.key")));
        Files.delete(dir.resolve("rsa.key"));
        Files.delete(dir.resolve("rsa.pub"));
        Files.delete(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return rsa2048;
  }

  /** A "PUBLIC KEY" PEM as a JCA key. */
  static PublicKey publicKey(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      return new JcaPEMKeyConverter()
          .setProvider(Providers.bouncyCastle())
          .getPublicKey((SubjectPublicKeyInfo) parser.readObject());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
