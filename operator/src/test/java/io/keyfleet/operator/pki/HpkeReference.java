package io.keyfleet.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent RFC 9180 implementation (Python, on the {@code cryptography} package's ECDH,
 * HMAC and AES-GCM primitives) of the two HPKE suites of {@link DataKeyWrap}, written from the
 * wire format in its javadoc: what a device connector in another language would do.
 */
final class HpkeReference {
  /** {@code python3 script.py open KEY.pem BLOB_HEX INFO_HEX} or {@code seal PUB.pem SUITE PT_HEX INFO_HEX}. */
  static final String SCRIPT =
      """
      import hashlib, hmac, os, sys
      from cryptography.hazmat.primitives import serialization
      from cryptography.hazmat.primitives.asymmetric import ec
      from cryptography.hazmat.primitives.ciphers.aead import AESGCM

      SUITES = {1: (0x0010, 0x0001, hashlib.sha256, 65, 32, ec.SECP256R1()),
                2: (0x0011, 0x0002, hashlib.sha384, 97, 48, ec.SECP384R1())}
      AEAD_AES_256_GCM = 0x0002

      def i2osp(n, size): return n.to_bytes(size, "big")

      def run(suite, dh, enc, pk_rm, info):
          kem, kdf, h, _, n_secret, _ = SUITES[suite]
          def extract(salt, ikm): return hmac.new(salt, ikm, h).digest()
          def expand(prk, info, length):
              out, t, i = b"", b"", 1
              while len(out) < length:
                  t = hmac.new(prk, t + info + bytes([i]), h).digest(); out += t; i += 1
              return out[:length]
          def labeled_extract(sid, salt, label, ikm): return extract(salt, b"HPKE-v1" + sid + label + ikm)
          def labeled_expand(sid, prk, label, info, length):
              return expand(prk, i2osp(length, 2) + b"HPKE-v1" + sid + label + info, length)
          kem_sid = b"KEM" + i2osp(kem, 2)
          eae_prk = labeled_extract(kem_sid, b"", b"eae_prk", dh)
          shared = labeled_expand(kem_sid, eae_prk, b"shared_secret", enc + pk_rm, n_secret)
          sid = b"HPKE" + i2osp(kem, 2) + i2osp(kdf, 2) + i2osp(AEAD_AES_256_GCM, 2)
          context = (b"\\x00" + labeled_extract(sid, b"", b"psk_id_hash", b"")
                     + labeled_extract(sid, b"", b"info_hash", info))
          secret = labeled_extract(sid, shared, b"secret", b"")
          return (labeled_expand(sid, secret, b"key", context, 32),
                  labeled_expand(sid, secret, b"base_nonce", context, 12))

      def point(public_key):
          return public_key.public_bytes(serialization.Encoding.X962,
                                         serialization.PublicFormat.UncompressedPoint)

      if sys.argv[1] == "open":
          sk = serialization.load_pem_private_key(open(sys.argv[2], "rb").read(), None)
          blob, info = bytes.fromhex(sys.argv[3]), bytes.fromhex(sys.argv[4])
          suite = blob[0]
          n_enc, curve = SUITES[suite][3], SUITES[suite][5]
          enc, ct = blob[1:1 + n_enc], blob[1 + n_enc:]
          dh = sk.exchange(ec.ECDH(), ec.EllipticCurvePublicKey.from_encoded_point(curve, enc))
          key, nonce = run(suite, dh, enc, point(sk.public_key()), info)
          print(AESGCM(key).decrypt(nonce, ct, b"").hex())
      else:
          pk = serialization.load_pem_public_key(open(sys.argv[2], "rb").read())
          suite, pt, info = int(sys.argv[3]), bytes.fromhex(sys.argv[4]), bytes.fromhex(sys.argv[5])
          ephemeral = ec.generate_private_key(SUITES[suite][5])
          enc = point(ephemeral.public_key())
          key, nonce = run(suite, ephemeral.exchange(ec.ECDH(), pk), enc, point(pk), info)
          print((bytes([suite]) + enc + AESGCM(key).encrypt(nonce, pt, b"")).hex())
      """;

  private HpkeReference() {}

  /** Whether python3 with the cryptography package is available on this machine. */
  static boolean available(Path dir) {
    try {
      return OpenSsl.exec(
                  dir, List.of("python3", "-c", "import cryptography.hazmat.primitives.ciphers.aead"))
              .exitCode()
          == 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Runs the script with the arguments and returns its trimmed output, asserting success. */
  static String run(Path dir, String... args) {
    OpenSsl.write(dir, "hpke.py", SCRIPT);
    List<String> command = new ArrayList<>(List.of("python3", "hpke.py"));
    command.addAll(List.of(args));
    OpenSsl.Result result = OpenSsl.exec(dir, command);
    assertThat(result.exitCode()).as("python3 %s:%n%s", args[0], result.output()).isZero();
    return result.output().trim();
  }
}
