package io.keyfleet.operator.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * PKCS#10 requests the operator sends to an external CA (cert-manager) for keys it holds.
 *
 * <p>Why the SANs go into the request: an external CA such as cert-manager's CA issuer copies the
 * subject and the subject alternative names from the CSR; key usages and lifetime travel beside it
 * in the CertificateRequest, so they are not requested here.
 */
public final class CertificationRequests {
  private CertificationRequests() {}

  /** A CSR for the request's subject and SANs, signed with the key pair (whose public half is the request's). */
  public static String pem(IssueRequest request, KeyPair key) {
    return pem(request.subject(), request.dnsNames(), request.uris(), key);
  }

  /** A CSR for a subject and SANs, signed with the key pair. */
  public static String pem(X500Name subject, List<String> dnsNames, List<String> uris, KeyPair key) {
    try {
      var builder = new JcaPKCS10CertificationRequestBuilder(subject, key.getPublic());
      List<GeneralName> names = new ArrayList<>();
      dnsNames.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
      uris.forEach(u -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, u)));
      if (!names.isEmpty()) {
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.subjectAlternativeName, subject.getRDNs().length == 0,
            new GeneralNames(names.toArray(new GeneralName[0])));
        builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
      }
      PKCS10CertificationRequest csr = builder.build(SignatureAlgorithms.signer(key.getPublic(), key.getPrivate()));
      return Pem.csr(csr.getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the CSR", e);
    }
  }

  /** What a PEM CSR asks for: its subject, DNS and URI SANs. */
  public record Requested(X500Name subject, List<String> dnsNames, List<String> uris) {}

  /** The subject and SANs of a PEM CSR. */
  public static Requested requested(String csrPem) {
    try {
      PKCS10CertificationRequest csr = new PKCS10CertificationRequest(Pem.csrDer(csrPem));
      List<String> dns = new ArrayList<>();
      List<String> uris = new ArrayList<>();
      var extensions = csr.getRequestedExtensions();
      GeneralNames sans = extensions == null ? null : GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
      if (sans != null) {
        for (GeneralName name : sans.getNames()) {
          if (name.getTagNo() == GeneralName.dNSName) {
            dns.add(name.getName().toString());
          } else if (name.getTagNo() == GeneralName.uniformResourceIdentifier) {
            uris.add(name.getName().toString());
          }
        }
      }
      return new Requested(csr.getSubject(), dns, uris);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a PEM certificate request: " + e.getMessage(), e);
    }
  }
}
