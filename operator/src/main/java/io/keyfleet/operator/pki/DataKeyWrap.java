package io.keyfleet.operator.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.util.BigIntegers;

/**
 * Wraps per-device data keys to a device's public key, so that only the device can read them.
 *
 * <p>Why HPKE (RFC 9180): it is the standard, interoperable way to encrypt to an EC public key
 * (ECDH + HKDF + AEAD with a fresh ephemeral key per message), so device connectors in any
 * language can unwrap with an off-the-shelf library. RSA device keys use RSA-OAEP instead, which
 * every crypto library has. Ed25519 keys can only sign, so nothing can be wrapped to them.
 *
 * <h2>Wire format (stable; connectors parse it)</h2>
 *
 * <pre>
 *   wrapped = suite (1 byte) || body
 *
 *   suite 0x01  HPKE base mode, DHKEM(P-256, HKDF-SHA256) (kem 0x0010), HKDF-SHA256 (kdf 0x0001),
 *               AES-256-GCM (aead 0x0002)
 *               body = enc (65 bytes: uncompressed SEC1 point 0x04||X||Y) || ciphertext
 *   suite 0x02  HPKE base mode, DHKEM(P-384, HKDF-SHA384) (kem 0x0011), HKDF-SHA384 (kdf 0x0002),
 *               AES-256-GCM (aead 0x0002)
 *               body = enc (97 bytes: uncompressed SEC1 point) || ciphertext
 *   suite 0x03  RSA-OAEP (RFC 8017) with SHA-256 and MGF1-SHA-256, label = info
 *               body = the RSA ciphertext (exactly the modulus length in bytes)
 * </pre>
 *
 * For HPKE suites: {@code info} is the HPKE info, the AAD is empty, the ciphertext is the output
 * of a single {@code Seal} (sequence number 0), i.e. plaintext length + 16-byte GCM tag. With
 * RSA-OAEP the plaintext may be at most {@code modulusBytes - 66} bytes (318 for RSA-3072).
 * Callers should pass an {@code info} that names what is wrapped (e.g. fleet, device and key
 * version) so a wrapped key cannot be replayed in another context.
 */
public final class DataKeyWrap {
  /** Suite byte: HPKE DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-256-GCM. */
  public static final byte SUITE_HPKE_P256_SHA256_AES256GCM = 0x01;
  /** Suite byte: HPKE DHKEM(P-384, HKDF-SHA384), HKDF-SHA384, AES-256-GCM. */
  public static final byte SUITE_HPKE_P384_SHA384_AES256GCM = 0x02;
  /** Suite byte: RSA-OAEP with SHA-256 and MGF1-SHA-256, label = info. */
  public static final byte SUITE_RSA_OAEP_SHA256 = 0x03;

  /** Length of a data key: 32 bytes, an AES-256 key. */
  public static final int DATA_KEY_LENGTH = 32;

  private static final byte[] NO_AAD = new byte[0];
  private static final int OAEP_SHA256_OVERHEAD = 2 * 32 + 2;

  private DataKeyWrap() {}

  /** A fresh random AES-256 data key (32 bytes). */
  public static byte[] newDataKey() {
    byte[] key = new byte[DATA_KEY_LENGTH];
    Randomness.secureRandom().nextBytes(key);
    return key;
  }

  /**
   * Encrypts the plaintext so that only the holder of the recipient's private key can read it.
   *
   * @param recipient an EC P-256/P-384 or RSA (2048+ bits) public key
   * @param plaintext the data key (any length for EC; bounded by the modulus for RSA)
   * @param info context bound into the encryption; null means empty
   * @return the self-describing wrapped bytes (see the class documentation)
   * @throws UnsupportedOperationException for Ed25519 and other key types that cannot encrypt
   * @throws IllegalArgumentException for RSA keys under 2048 bits or a too-long RSA plaintext
   */
  public static byte[] wrap(PublicKey recipient, byte[] plaintext, byte[] info) {
    Objects.requireNonNull(plaintext, "plaintext");
    KeyDescription key = KeyDescription.of(recipient);
    byte[] context = info == null ? new byte[0] : info.clone();
    return switch (key.family()) {
      case EC -> {
        HpkeSuite suite = HpkeSuite.forCurve(key);
        yield suite.seal(recipient, plaintext, context);
      }
      case RSA -> rsaWrap(recipient, key, plaintext, context);
      case ED25519 -> throw new UnsupportedOperationException(
          "data keys cannot be wrapped for Ed25519 keys: Ed25519 can only sign;"
              + " the device needs an ECDSA P-256/P-384 or RSA key for wrapped data keys");
      case OTHER -> throw new UnsupportedOperationException(
          "data keys cannot be wrapped for " + key.describe() + " keys");
    };
  }

  /**
   * Recovers the plaintext from {@link #wrap}'s output.
   *
   * @param recipient the private key matching the public key that was wrapped to
   * @param wrapped the wrapped bytes
   * @param info the same context given to {@link #wrap}; null means empty
   * @throws DataKeyUnwrapException when the key is wrong or of the wrong type, or the bytes were
   *     tampered with, truncated, or are not in the documented format
   */
  public static byte[] unwrap(PrivateKey recipient, byte[] wrapped, byte[] info)
      throws DataKeyUnwrapException {
    Objects.requireNonNull(recipient, "recipient");
    if (wrapped == null || wrapped.length < 2) {
      throw new DataKeyUnwrapException("wrapped data key is empty or truncated");
    }
    byte[] context = info == null ? new byte[0] : info;
    switch (wrapped[0]) {
      case SUITE_HPKE_P256_SHA256_AES256GCM:
        return HpkeSuite.P256.open(recipient, wrapped, context);
      case SUITE_HPKE_P384_SHA384_AES256GCM:
        return HpkeSuite.P384.open(recipient, wrapped, context);
      case SUITE_RSA_OAEP_SHA256:
        return rsaUnwrap(recipient, wrapped, context);
      default:
        throw new DataKeyUnwrapException(
            "unknown data key wrapping suite 0x" + String.format("%02x", wrapped[0]));
    }
  }

  /** The two HPKE suites: curve, RFC 9180 identifiers and the lengths the format depends on. */
  private enum HpkeSuite {
    P256(SUITE_HPKE_P256_SHA256_AES256GCM, KeyDescription.P256,
        HPKE.kem_P256_SHA256, HPKE.kdf_HKDF_SHA256, 65, 32),
    P384(SUITE_HPKE_P384_SHA384_AES256GCM, KeyDescription.P384,
        HPKE.kem_P384_SHA348, HPKE.kdf_HKDF_SHA384, 97, 48);

    private final byte id;
    private final String curve;
    private final short kem;
    private final short kdf;
    private final int encLength;
    private final int scalarLength;

    HpkeSuite(byte id, String curve, short kem, short kdf, int encLength, int scalarLength) {
      this.id = id;
      this.curve = curve;
      this.kem = kem;
      this.kdf = kdf;
      this.encLength = encLength;
      this.scalarLength = scalarLength;
    }

    static HpkeSuite forCurve(KeyDescription key) {
      for (HpkeSuite suite : values()) {
        if (suite.curve.equals(key.curve())) {
          return suite;
        }
      }
      throw new UnsupportedOperationException(
          "data keys cannot be wrapped for " + key.describe() + " keys (only P-256 and P-384)");
    }

    /** A new HPKE instance per call: Bouncy Castle does not document HPKE as thread-safe. */
    private HPKE hpke() {
      return new HPKE(HPKE.mode_base, kem, kdf, HPKE.aead_AES_GCM256);
    }

    byte[] seal(PublicKey recipient, byte[] plaintext, byte[] info) {
      HPKE hpke = hpke();
      byte[] point =
          SubjectPublicKeyInfo.getInstance(recipient.getEncoded()).getPublicKeyData().getBytes();
      final AsymmetricKeyParameter pkR;
      try {
        pkR = hpke.deserializePublicKey(point);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "the recipient's " + curve + " public key is invalid", e);
      }
      HPKEContextWithEncapsulation context = hpke.setupBaseS(pkR, info);
      byte[] enc = context.getEncapsulation();
      byte[] ciphertext;
      try {
        ciphertext = context.seal(NO_AAD, plaintext);
      } catch (InvalidCipherTextException e) {
        throw new IllegalStateException("AES-256-GCM encryption failed", e);
      }
      if (enc.length != encLength) {
        throw new IllegalStateException("unexpected HPKE encapsulation length " + enc.length);
      }
      byte[] out = new byte[1 + enc.length + ciphertext.length];
      out[0] = id;
      System.arraycopy(enc, 0, out, 1, enc.length);
      System.arraycopy(ciphertext, 0, out, 1 + enc.length, ciphertext.length);
      return out;
    }

    byte[] open(PrivateKey recipient, byte[] wrapped, byte[] info) throws DataKeyUnwrapException {
      if (wrapped.length < 1 + encLength + 16) {
        throw new DataKeyUnwrapException("wrapped data key is truncated");
      }
      BigInteger d = ecScalar(recipient);
      HPKE hpke = hpke();
      try {
        AsymmetricCipherKeyPair keyPair =
            hpke.deserializePrivateKey(BigIntegers.asUnsignedByteArray(scalarLength, d), null);
        byte[] enc = Arrays.copyOfRange(wrapped, 1, 1 + encLength);
        byte[] ciphertext = Arrays.copyOfRange(wrapped, 1 + encLength, wrapped.length);
        HPKEContext context = hpke.setupBaseR(enc, keyPair, info);
        return context.open(NO_AAD, ciphertext);
      } catch (InvalidCipherTextException | RuntimeException e) {
        throw new DataKeyUnwrapException(
            "data key could not be unwrapped: wrong key or tampered data", e);
      }
    }

    /** The private scalar, after checking the key is on this suite's curve. */
    private BigInteger ecScalar(PrivateKey recipient) throws DataKeyUnwrapException {
      AsymmetricKeyParameter key = lightweight(recipient);
      if (key instanceof ECPrivateKeyParameters ec
          && ec.getParameters().getN().equals(ECNamedCurveTable.getByName(curve).getN())) {
        return ec.getD();
      }
      throw new DataKeyUnwrapException(
          "the data key was wrapped to a " + curve + " key; this private key is not one");
    }
  }

  private static byte[] rsaWrap(
      PublicKey recipient, KeyDescription key, byte[] plaintext, byte[] info) {
    if (key.bits() < 2048) {
      throw new IllegalArgumentException(
          "data keys are not wrapped for " + key.describe() + " keys (RSA needs 2048+ bits)");
    }
    final RSAKeyParameters publicKey;
    try {
      publicKey = (RSAKeyParameters) PublicKeyFactory.createKey(recipient.getEncoded());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("the recipient's RSA public key is invalid", e);
    }
    OAEPEncoding oaep = oaep(info);
    oaep.init(true, new ParametersWithRandom(publicKey, Randomness.secureRandom()));
    int limit = (publicKey.getModulus().bitLength() + 7) / 8 - OAEP_SHA256_OVERHEAD;
    if (plaintext.length > limit) {
      throw new IllegalArgumentException(
          "RSA-OAEP with a "
              + key.describe()
              + " key can wrap at most "
              + limit
              + " bytes, not "
              + plaintext.length);
    }
    try {
      byte[] ciphertext = oaep.processBlock(plaintext, 0, plaintext.length);
      byte[] out = new byte[1 + ciphertext.length];
      out[0] = SUITE_RSA_OAEP_SHA256;
      System.arraycopy(ciphertext, 0, out, 1, ciphertext.length);
      return out;
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("RSA-OAEP encryption failed", e);
    }
  }

  private static byte[] rsaUnwrap(PrivateKey recipient, byte[] wrapped, byte[] info)
      throws DataKeyUnwrapException {
    AsymmetricKeyParameter key = lightweight(recipient);
    if (!(key instanceof RSAKeyParameters rsa) || !rsa.isPrivate()) {
      throw new DataKeyUnwrapException(
          "the data key was wrapped to an RSA key; this private key is not one");
    }
    int modulusBytes = (rsa.getModulus().bitLength() + 7) / 8;
    if (wrapped.length != 1 + modulusBytes) {
      throw new DataKeyUnwrapException(
          "data key could not be unwrapped: wrong key or tampered data");
    }
    OAEPEncoding oaep = oaep(info);
    oaep.init(false, new ParametersWithRandom(rsa, Randomness.secureRandom()));
    try {
      return oaep.processBlock(wrapped, 1, wrapped.length - 1);
    } catch (InvalidCipherTextException | RuntimeException e) {
      throw new DataKeyUnwrapException(
          "data key could not be unwrapped: wrong key or tampered data", e);
    }
  }

  private static OAEPEncoding oaep(byte[] label) {
    return new OAEPEncoding(new RSABlindedEngine(), new SHA256Digest(), new SHA256Digest(), label);
  }

  private static AsymmetricKeyParameter lightweight(PrivateKey key) throws DataKeyUnwrapException {
    byte[] encoded = key.getEncoded();
    if (encoded == null) {
      throw new DataKeyUnwrapException(
          "private key of type " + key.getAlgorithm() + " has no PKCS#8 encoding");
    }
    try {
      return PrivateKeyFactory.createKey(encoded);
    } catch (IOException | RuntimeException e) {
      throw new DataKeyUnwrapException(
          "private key of type " + key.getAlgorithm() + " cannot be used", e);
    }
  }
}
