package io.keyfleet.operator.pki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/** Checks on keys and certificates held in device Secrets, with Bouncy Castle (faster than SunEC). */
public final class KeyChecks {
  private static final byte[] CHALLENGE = "keyfleet key check".getBytes(StandardCharsets.UTF_8);

  private KeyChecks() {}

  /** Whether the certificate's signature verifies with the issuer's public key. */
  public static boolean signedBy(X509Certificate certificate, PublicKey issuer) {
    try {
      certificate.verify(issuer, Providers.bouncyCastle());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** Whether a private key belongs to a public key: a challenge signed with one verifies with the other. */
  public static boolean belongTogether(PrivateKey privateKey, PublicKey publicKey) {
    try {
      String algorithm = switch (publicKey.getAlgorithm()) {
        case "EC", "ECDSA" -> "SHA256withECDSA";
        case "RSA" -> "SHA256withRSA";
        default -> "Ed25519";
      };
      Signature signer = Signature.getInstance(algorithm, Providers.bouncyCastle());
      signer.initSign(privateKey);
      signer.update(CHALLENGE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm, Providers.bouncyCastle());
      verifier.initVerify(publicKey);
      verifier.update(CHALLENGE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
