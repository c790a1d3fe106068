package io.keyfleet.operator.pki;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Which signature algorithm a CA key signs with, and a signer for it.
 *
 * <p>Why derived from the key: the hash must match the key's strength (SHA-384 for P-384,
 * SHA-256 for P-256 and RSA), and Ed25519 has its hash built in; letting callers choose would
 * allow mismatches such as SHA-1 or a P-384 key with SHA-256.
 */
final class SignatureAlgorithms {
  private SignatureAlgorithms() {}

  /**
   * The JCA signature algorithm name for a signer with this public key.
   *
   * @throws IllegalArgumentException for keys a CA may not have (e.g. RSA under 2048 bits,
   *     curves other than P-256/P-384)
   */
  static String forKey(PublicKey key) {
    KeyDescription description = KeyDescription.of(key);
    return switch (description.family()) {
      case EC -> switch (description.curve()) {
        case KeyDescription.P256 -> "SHA256withECDSA";
        case KeyDescription.P384 -> "SHA384withECDSA";
        default -> throw unsupported(description);
      };
      case RSA -> {
        if (description.bits() < 2048) {
          throw unsupported(description);
        }
        yield "SHA256withRSA";
      }
      case ED25519 -> "Ed25519";
      case OTHER -> throw unsupported(description);
    };
  }

  /** A content signer for the CA's private key, choosing the algorithm by its public key. */
  static ContentSigner signer(PublicKey publicKey, PrivateKey privateKey) {
    try {
      return new JcaContentSignerBuilder(forKey(publicKey))
          .setProvider(Providers.bouncyCastle())
          .setSecureRandom(Randomness.secureRandom())
          .build(privateKey);
    } catch (OperatorCreationException e) {
      throw new IllegalArgumentException("CA private key cannot sign: " + e.getMessage(), e);
    }
  }

  /**
   * Whether the private key belongs to the public key: signs a random challenge and verifies it.
   *
   * <p>Why by signing: it works for every key type and provider without re-deriving public keys.
   */
  static boolean isPair(PublicKey publicKey, PrivateKey privateKey) {
    try {
      String algorithm = forKey(publicKey);
      byte[] challenge = new byte[32];
      Randomness.secureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm, Providers.bouncyCastle());
      signer.initSign(privateKey, Randomness.secureRandom());
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm, Providers.bouncyCastle());
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static IllegalArgumentException unsupported(KeyDescription description) {
    return new IllegalArgumentException(
        "a CA key must be ECDSA P-256/P-384, Ed25519 or RSA of at least 2048 bits, not "
            + description.describe());
  }
}
