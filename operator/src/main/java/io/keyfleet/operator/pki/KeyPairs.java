package io.keyfleet.operator.pki;

import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Objects;

/**
 * Key pairs for the five algorithms a {@code KeyRotationPolicy} may require, and the reverse
 * question: which of those algorithms a given public key is.
 *
 * <p>Why a closed set: device certificates must be verifiable by constrained connectors, so the
 * operator never mints or accepts a key outside the policy enum (no RSA-2048, no secp256k1).
 */
public final class KeyPairs {
  private KeyPairs() {}

  /** A fresh key pair for the algorithm, from a {@link java.security.SecureRandom}. */
  public static KeyPair generate(KeyAlgorithm algorithm) {
    Objects.requireNonNull(algorithm, "algorithm");
    try {
      KeyPairGenerator generator =
          switch (algorithm) {
            case ECDSA_P256 -> initialized("EC", new ECGenParameterSpec("secp256r1"));
            case ECDSA_P384 -> initialized("EC", new ECGenParameterSpec("secp384r1"));
            case ED25519 -> ed25519();
            case RSA_3072 -> rsa(3072);
            case RSA_4096 -> rsa(4096);
          };
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot generate a " + KeyDescription.policyName(algorithm) + " key pair", e);
    }
  }

  /**
   * Which policy algorithm a public key is.
   *
   * @throws IllegalArgumentException naming the key's type and size (e.g. "RSA-2048", "EC
   *     secp256k1") when it is none of the five
   */
  public static KeyAlgorithm algorithmOf(PublicKey key) {
    KeyDescription description = KeyDescription.of(key);
    return description
        .algorithm()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unsupported key: "
                        + description.describe()
                        + " (supported: ECDSA-P256, ECDSA-P384, Ed25519, RSA-3072, RSA-4096)"));
  }

  private static KeyPairGenerator ed25519() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519", Providers.bouncyCastle());
    generator.initialize(255, Randomness.secureRandom());
    return generator;
  }

  private static KeyPairGenerator rsa(int bits) throws GeneralSecurityException {
    return initialized("RSA", new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4));
  }

  private static KeyPairGenerator initialized(String type, AlgorithmParameterSpec spec)
      throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(type, Providers.bouncyCastle());
    generator.initialize(spec, Randomness.secureRandom());
    return generator;
  }
}
