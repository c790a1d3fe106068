package io.keyfleet.operator.pki;

import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import java.io.IOException;
import java.security.PublicKey;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * What kind of public key something is: family, curve and size, read from its
 * SubjectPublicKeyInfo.
 *
 * <p>Why from the encoding and not from {@code instanceof} checks: keys arrive from different
 * providers (Bouncy Castle, SunEC, a CSR's raw SubjectPublicKeyInfo), and the DER encoding is the
 * one form they all share. The result is what CSR checks, issuance and data-key wrapping decide
 * on, and {@link #describe()} is the human-readable name used in error messages (never key bytes).
 *
 * @param family the key family
 * @param curve the curve name for EC keys ("P-256", "P-384", "secp256k1", or an OID), else null
 * @param bits modulus size for RSA, field size for EC, 255 for Ed25519, 0 when unknown
 * @param algorithmOid the SubjectPublicKeyInfo algorithm OID, for messages about unknown keys
 */
record KeyDescription(Family family, String curve, int bits, String algorithmOid) {
  /** Key families this package distinguishes. */
  enum Family {
    RSA,
    EC,
    ED25519,
    OTHER
  }

  static final String P256 = "P-256";
  static final String P384 = "P-384";

  /** Describes a JCA public key of any provider. */
  static KeyDescription of(PublicKey key) {
    if (key == null) {
      throw new IllegalArgumentException("public key is missing");
    }
    byte[] encoded = key.getEncoded();
    if (encoded == null) {
      throw new IllegalArgumentException(
          "public key of type " + key.getAlgorithm() + " has no X.509 encoding");
    }
    final SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(encoded);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "public key of type " + key.getAlgorithm() + " is not a SubjectPublicKeyInfo", e);
    }
    return of(info);
  }

  /** Describes a DER SubjectPublicKeyInfo, e.g. the one inside a CSR. */
  static KeyDescription of(SubjectPublicKeyInfo info) {
    ASN1ObjectIdentifier oid = info.getAlgorithm().getAlgorithm();
    if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)
        || oid.equals(X509ObjectIdentifiers.id_ea_rsa)) {
      try {
        int bits = RSAPublicKey.getInstance(info.parsePublicKey()).getModulus().bitLength();
        return new KeyDescription(Family.RSA, null, bits, oid.getId());
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("RSA public key is malformed", e);
      }
    }
    if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      return ec(info.getAlgorithm().getParameters(), oid);
    }
    if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
      return new KeyDescription(Family.ED25519, null, 255, oid.getId());
    }
    return new KeyDescription(Family.OTHER, null, 0, oid.getId());
  }

  private static KeyDescription ec(ASN1Encodable parameters, ASN1ObjectIdentifier oid) {
    if (parameters == null) {
      return new KeyDescription(Family.EC, "unspecified curve", 0, oid.getId());
    }
    final X962Parameters params;
    try {
      params = X962Parameters.getInstance(parameters);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("EC key parameters are malformed", e);
    }
    if (params.isNamedCurve()) {
      ASN1ObjectIdentifier curveOid = ASN1ObjectIdentifier.getInstance(params.getParameters());
      if (curveOid.equals(SECObjectIdentifiers.secp256r1)) {
        return new KeyDescription(Family.EC, P256, 256, oid.getId());
      }
      if (curveOid.equals(SECObjectIdentifiers.secp384r1)) {
        return new KeyDescription(Family.EC, P384, 384, oid.getId());
      }
      X9ECParameters known = ECNamedCurveTable.getByOID(curveOid);
      String name = ECNamedCurveTable.getName(curveOid);
      return new KeyDescription(
          Family.EC,
          name == null ? curveOid.getId() : name,
          known == null ? 0 : known.getCurve().getFieldSize(),
          oid.getId());
    }
    if (params.isImplicitlyCA()) {
      return new KeyDescription(Family.EC, "implicitlyCA curve", 0, oid.getId());
    }
    // Explicit curve parameters are not accepted even when they spell out P-256: RFC 5480
    // requires named curves in certificates, and parsing arbitrary curves invites trouble.
    return new KeyDescription(Family.EC, "explicit curve parameters", 0, oid.getId());
  }

  /** The policy algorithm this key is, if it is one of the five Keyfleet supports. */
  Optional<KeyAlgorithm> algorithm() {
    return Optional.ofNullable(
        switch (family) {
          case EC -> P256.equals(curve)
              ? KeyAlgorithm.ECDSA_P256
              : P384.equals(curve) ? KeyAlgorithm.ECDSA_P384 : null;
          case ED25519 -> KeyAlgorithm.ED25519;
          case RSA -> bits == 3072
              ? KeyAlgorithm.RSA_3072
              : bits == 4096 ? KeyAlgorithm.RSA_4096 : null;
          case OTHER -> null;
        });
  }

  /** A short human name: "RSA-2048", "EC P-256", "EC secp256k1", "Ed25519". */
  String describe() {
    return switch (family) {
      case RSA -> "RSA-" + bits;
      case EC -> "EC " + curve;
      case ED25519 -> "Ed25519";
      case OTHER -> "key algorithm " + algorithmOid;
    };
  }

  /** How a policy names an algorithm in messages, e.g. "ECDSA-P256" (the API's JSON form). */
  static String policyName(KeyAlgorithm algorithm) {
    return switch (algorithm) {
      case ECDSA_P256 -> "ECDSA-P256";
      case ECDSA_P384 -> "ECDSA-P384";
      case ED25519 -> "Ed25519";
      case RSA_3072 -> "RSA-3072";
      case RSA_4096 -> "RSA-4096";
    };
  }
}
