package io.keyfleet.operator.pki;

import io.keyfleet.api.v1alpha1.policy.KeyAlgorithm;
import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Decides whether a device-supplied PKCS#10 CSR may be signed.
 *
 * <p>Why these checks, in this order: a CSR is untrusted input from the field. It must parse;
 * its signature must verify, proving the sender holds the private key (otherwise anyone could
 * get a certificate for someone else's public key); the key must be strong (RSA at least 2048
 * bits, EC only on P-256/P-384); it must be the algorithm the fleet's policy requires; and its
 * subject CN must be exactly the device's, so one device cannot ask for another's identity.
 * Requested extensions and any other subject attributes are ignored: the certificate template,
 * not the device, decides SANs and usages. The first failing check is reported.
 */
public final class CsrValidator {
  private CsrValidator() {}

  /**
   * Checks a CSR.
   *
   * @param csrPem the PEM "CERTIFICATE REQUEST" (or "NEW CERTIFICATE REQUEST") text
   * @param expectedCommonName the exact CN the subject must carry
   * @param requiredAlgorithm the policy's key algorithm
   */
  public static CsrCheck check(
      String csrPem, String expectedCommonName, KeyAlgorithm requiredAlgorithm) {
    Objects.requireNonNull(expectedCommonName, "expectedCommonName");
    Objects.requireNonNull(requiredAlgorithm, "requiredAlgorithm");

    Optional<PKCS10CertificationRequest> parsed = parse(csrPem);
    if (parsed.isEmpty()) {
      return CsrCheck.reject(
          CsrProblem.Unparseable, "the CSR is not a PEM-encoded PKCS#10 certificate request");
    }
    PKCS10CertificationRequest csr = parsed.get();
    SubjectPublicKeyInfo keyInfo = csr.getSubjectPublicKeyInfo();
    KeyDescription key;
    try {
      key = KeyDescription.of(keyInfo);
    } catch (IllegalArgumentException e) {
      return CsrCheck.reject(CsrProblem.Unparseable, "the CSR's public key is malformed");
    }

    Optional<String> signatureProblem = signatureProblem(csr);
    if (signatureProblem.isPresent()) {
      return CsrCheck.reject(CsrProblem.BadSignature, signatureProblem.get());
    }

    Optional<String> weakness = weakness(key);
    if (weakness.isPresent()) {
      return CsrCheck.reject(CsrProblem.WeakKey, weakness.get());
    }

    Optional<KeyAlgorithm> algorithm = key.algorithm();
    if (algorithm.isEmpty() || algorithm.get() != requiredAlgorithm) {
      return CsrCheck.reject(
          CsrProblem.DisallowedAlgorithm,
          "the CSR has a "
              + algorithm.map(KeyDescription::policyName).orElse(key.describe())
              + " key but the policy requires "
              + KeyDescription.policyName(requiredAlgorithm));
    }

    Optional<String> commonName = singleCommonName(csr.getSubject());
    if (commonName.isEmpty() || !commonName.get().equals(expectedCommonName)) {
      return CsrCheck.reject(
          CsrProblem.SubjectMismatch,
          "the CSR subject "
              + commonName.map(cn -> "CN is '" + cn + "'").orElse("has no single CN")
              + " but the device's common name is '"
              + expectedCommonName
              + "'");
    }

    final PublicKey publicKey;
    try {
      publicKey =
          new JcaPEMKeyConverter().setProvider(Providers.bouncyCastle()).getPublicKey(keyInfo);
    } catch (IOException | RuntimeException e) {
      return CsrCheck.reject(CsrProblem.Unparseable, "the CSR's public key cannot be decoded");
    }
    return CsrCheck.accept(
        publicKey,
        "CSR accepted: " + KeyDescription.policyName(requiredAlgorithm) + " key, CN "
            + expectedCommonName);
  }

  private static Optional<PKCS10CertificationRequest> parse(String csrPem) {
    if (csrPem == null || csrPem.isBlank()) {
      return Optional.empty();
    }
    try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
      Object object = parser.readObject();
      return object instanceof PKCS10CertificationRequest csr
          ? Optional.of(csr)
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> signatureProblem(PKCS10CertificationRequest csr) {
    final ContentVerifierProvider verifier;
    try {
      verifier =
          new JcaContentVerifierProviderBuilder()
              .setProvider(Providers.bouncyCastle())
              .build(csr.getSubjectPublicKeyInfo());
    } catch (OperatorCreationException | RuntimeException e) {
      return Optional.of("the CSR's signature cannot be checked: unsupported key");
    }
    try {
      return csr.isSignatureValid(verifier)
          ? Optional.empty()
          : Optional.of("the CSR's signature does not verify with its own public key");
    } catch (PKCSException | RuntimeException e) {
      return Optional.of(
          "the CSR's signature cannot be checked (algorithm "
              + csr.getSignatureAlgorithm().getAlgorithm().getId()
              + ")");
    }
  }

  private static Optional<String> weakness(KeyDescription key) {
    return switch (key.family()) {
      case RSA -> key.bits() < 2048
          ? Optional.of("the CSR's " + key.describe() + " key is too weak (RSA needs 2048+ bits)")
          : Optional.empty();
      case EC -> KeyDescription.P256.equals(key.curve()) || KeyDescription.P384.equals(key.curve())
          ? Optional.empty()
          : Optional.of(
              "the CSR's "
                  + key.describe()
                  + " key is not allowed (EC keys must be P-256 or P-384)");
      case ED25519, OTHER -> Optional.empty();
    };
  }

  /** The CN value if the subject has exactly one CN attribute. */
  private static Optional<String> singleCommonName(X500Name subject) {
    String found = null;
    for (RDN rdn : subject.getRDNs()) {
      for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
        if (!attribute.getType().equals(BCStyle.CN)) {
          continue;
        }
        if (found != null) {
          return Optional.empty();
        }
        ASN1Encodable value = attribute.getValue();
        if (!(value instanceof ASN1String string)) {
          return Optional.empty();
        }
        found = string.getString();
      }
    }
    return Optional.ofNullable(found);
  }
}
