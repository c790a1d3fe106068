package io.keyfleet.connector;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;

/**
 * Opens a data key the operator wrapped to a device's own public key. The format (stable, see the
 * operator's {@code DataKeyWrap}) is one suite byte, then the body:
 *
 * <pre>
 *   0x01  HPKE base mode, DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-256-GCM:
 *         enc (65-byte uncompressed point) || ciphertext
 *   0x02  HPKE base mode, DHKEM(P-384, HKDF-SHA384), HKDF-SHA384, AES-256-GCM:
 *         enc (97-byte uncompressed point) || ciphertext
 *   0x03  RSA-OAEP, SHA-256 and MGF1-SHA-256, label = info: the RSA ciphertext
 * </pre>
 *
 * HPKE uses {@code info} as its info and an empty AAD (one Seal, sequence 0).
 */
final class WrappedDataKey {
  private static final byte[] NO_AAD = new byte[0];
  private static final int GCM_TAG = 16;

  private WrappedDataKey() {}

  /** The plaintext key; the message of a failure says why, never what. */
  static byte[] open(PrivateKey deviceKey, byte[] wrapped, byte[] info) throws DataKeyException {
    if (wrapped.length < 2) {
      throw new DataKeyException("the wrapped data key is empty or truncated");
    }
    return switch (wrapped[0]) {
      case 0x01 -> Hpke.P256.open(deviceKey, wrapped, info);
      case 0x02 -> Hpke.P384.open(deviceKey, wrapped, info);
      case 0x03 -> openRsaOaep(deviceKey, wrapped, info);
      default -> throw new DataKeyException(String.format("unknown data key wrapping suite 0x%02x", wrapped[0]));
    };
  }

  /** The two HPKE suites: curve, RFC 9180 ids and the encapsulated key's length. */
  private enum Hpke {
    P256("P-256", HPKE.kem_P256_SHA256, HPKE.kdf_HKDF_SHA256, 65, 32),
    P384("P-384", HPKE.kem_P384_SHA348, HPKE.kdf_HKDF_SHA384, 97, 48);

    private final String curve;
    private final short kem;
    private final short kdf;
    private final int encLength;
    private final int scalarLength;

    Hpke(String curve, short kem, short kdf, int encLength, int scalarLength) {
      this.curve = curve;
      this.kem = kem;
      this.kdf = kdf;
      this.encLength = encLength;
      this.scalarLength = scalarLength;
    }

    byte[] open(PrivateKey deviceKey, byte[] wrapped, byte[] info) throws DataKeyException {
      if (wrapped.length < 1 + encLength + GCM_TAG) {
        throw new DataKeyException("the wrapped data key is truncated");
      }
      byte[] scalar = scalar(deviceKey);
      // A new HPKE per call: Bouncy Castle does not promise that one is thread-safe.
      HPKE hpke = new HPKE(HPKE.mode_base, kem, kdf, HPKE.aead_AES_GCM256);
      try {
        AsymmetricCipherKeyPair recipient = hpke.deserializePrivateKey(scalar, null);
        byte[] enc = Arrays.copyOfRange(wrapped, 1, 1 + encLength);
        byte[] ciphertext = Arrays.copyOfRange(wrapped, 1 + encLength, wrapped.length);
        return hpke.open(enc, recipient, info, NO_AAD, ciphertext, null, null, null);
      } catch (InvalidCipherTextException | RuntimeException e) {
        throw new DataKeyException("the data key does not open: another device key, tampered bytes, or wrapped for another"
            + " device or version", e);
      } finally {
        Arrays.fill(scalar, (byte) 0);
      }
    }

    /** The private scalar, fixed-length, after checking the key is on this suite's curve. */
    private byte[] scalar(PrivateKey deviceKey) throws DataKeyException {
      if (deviceKey instanceof ECPrivateKey ec
          && ec.getParams().getOrder().equals(ECNamedCurveTable.getByName(curve).getN())) {
        return fixedLength(ec.getS(), scalarLength);
      }
      throw new DataKeyException("the data key was wrapped to an EC " + curve + " key; the device key given is a "
          + describe(deviceKey));
    }
  }

  private static byte[] openRsaOaep(PrivateKey deviceKey, byte[] wrapped, byte[] info) throws DataKeyException {
    if (!(deviceKey instanceof RSAKey rsa)) {
      throw new DataKeyException("the data key was wrapped to an RSA key; the device key given is a " + describe(deviceKey));
    }
    int modulusBytes = (rsa.getModulus().bitLength() + 7) / 8;
    if (wrapped.length != 1 + modulusBytes) {
      throw new DataKeyException("the data key does not open: its length does not fit this RSA key (another device key,"
          + " or truncated)");
    }
    try {
      Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
      oaep.init(Cipher.DECRYPT_MODE, deviceKey,
          new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, new PSource.PSpecified(info)));
      return oaep.doFinal(wrapped, 1, wrapped.length - 1);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new DataKeyException("the data key does not open: another device key, tampered bytes, or wrapped for another"
          + " device or version", e);
    }
  }

  private static byte[] fixedLength(BigInteger value, int length) throws DataKeyException {
    byte[] bytes = value.toByteArray();
    if (bytes.length == length) {
      return bytes;
    }
    if (bytes.length > length + 1 || (bytes.length == length + 1 && bytes[0] != 0)) {
      throw new DataKeyException("the device's EC private key is out of range for its curve");
    }
    byte[] out = new byte[length];
    int from = Math.max(0, bytes.length - length);
    System.arraycopy(bytes, from, out, length - (bytes.length - from), bytes.length - from);
    Arrays.fill(bytes, (byte) 0);
    return out;
  }

  private static String describe(PrivateKey key) {
    if (key instanceof ECPrivateKey ec) {
      return "EC key of " + ec.getParams().getOrder().bitLength() + " bits";
    }
    if (key instanceof RSAKey rsa) {
      return "RSA key of " + rsa.getModulus().bitLength() + " bits";
    }
    return key.getAlgorithm() + " key";
  }
}
