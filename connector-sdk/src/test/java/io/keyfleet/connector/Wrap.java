package io.keyfleet.connector;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;

/**
 * Test vectors in the operator's wire format, made here with Bouncy Castle's HPKE and OAEP
 * directly (not with the code under test): suite byte, then enc || ciphertext or the RSA block.
 */
final class Wrap {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Wrap() {}

  static byte[] to(PublicKey recipient, byte[] key, byte[] info) throws Exception {
    if (recipient instanceof ECPublicKey ec) {
      boolean p256 = ec.getParams().getOrder().bitLength() == 256;
      HPKE hpke = new HPKE(HPKE.mode_base, p256 ? HPKE.kem_P256_SHA256 : HPKE.kem_P384_SHA348,
          p256 ? HPKE.kdf_HKDF_SHA256 : HPKE.kdf_HKDF_SHA384, HPKE.aead_AES_GCM256);
      byte[] point = SubjectPublicKeyInfo.getInstance(recipient.getEncoded()).getPublicKeyData().getBytes();
      byte[][] sealed = hpke.seal(hpke.deserializePublicKey(point), info, new byte[0], key, null, null, null);
      return concat(new byte[] {(byte) (p256 ? 0x01 : 0x02)}, sealed[1], sealed[0]);
    }
    var rsa = (java.security.interfaces.RSAPublicKey) recipient;
    OAEPEncoding oaep = new OAEPEncoding(new RSAEngine(), new SHA256Digest(), new SHA256Digest(), info);
    oaep.init(true, new ParametersWithRandom(new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent()), RANDOM));
    return concat(new byte[] {0x03}, oaep.processBlock(key, 0, key.length));
  }

  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
