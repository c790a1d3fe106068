package io.keyfleet.operator.certmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.keyfleet.operator.pki.CertificationRequests;
import io.keyfleet.operator.pki.IssueRequest;
import io.keyfleet.operator.pki.KeyUsageName;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A device's own CSR under a cert-manager issuer: cert-manager copies subject and SANs from the
 * CSR, so they must be exactly the template's ({@link CertManagerSigner#csrMismatch}).
 */
class CsrMismatchTest {
  static final KeyPair DEVICE = TestCertificates.keys();
  static final String DNS = "pump-0001.fleet-a.devices.example.com";
  static final String URI = "urn:keyfleet:hospital-a:fleet-a:PUMP-0001";
  /** The template's subject: C=DE, O=Acme Medical, OU=Infusion, CN=PUMP-0001. */
  static final X500Name SUBJECT = IssueRequest.subject("PUMP-0001", "Acme Medical", "Infusion", "DE");
  static final IssueRequest TEMPLATE = new IssueRequest(SUBJECT, List.of(DNS), List.of(URI), Set.of(KeyUsageName.digitalSignature), null,
      DEVICE.getPublic(), Duration.ofDays(30), null);

  @ParameterizedTest(name = "subject ''{0}'' DNS {1} URI {2} -> {3}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
    // the CSR's subject | DNS SANs | URI SANs | the problem, or null
    "C=DE,O=Acme Medical,OU=Infusion,CN=PUMP-0001 | " + DNS + " | " + URI + " | null",
    // the subject compares by value, not by spelling
    "c=DE, o=Acme Medical, ou=Infusion, cn=PUMP-0001 | " + DNS + " | " + URI + " | null",
    "C=DE,O=Acme Medical,OU=Infusion,CN=PUMP-0001 | " + DNS + "," + DNS + " | " + URI + " | null",
    "C=DE,O=Acme Medical,OU=Infusion,CN=PUMP-0002 | " + DNS + " | " + URI
        + " | with a cert-manager issuer the CSR's subject must be 'C=DE,O=Acme Medical,OU=Infusion,CN=PUMP-0001',"
        + " it is 'C=DE,O=Acme Medical,OU=Infusion,CN=PUMP-0002'",
    "C=DE,O=Acme Medical,CN=PUMP-0001 | " + DNS + " | " + URI + " | with a cert-manager issuer the CSR's subject must be",
    "CN=PUMP-0001 | " + DNS + " | " + URI + " | with a cert-manager issuer the CSR's subject must be",
    "C=DE,O=Acme Medical,OU=Infusion,CN=PUMP-0001,L=Berlin | " + DNS + " | " + URI + " | with a cert-manager issuer the CSR's subject must be",
    "'' | " + DNS + " | " + URI + " | with a cert-manager issuer the CSR's subject must be",
    "C=DE,O=Acme Medical,OU=Infusion,CN=PUMP-0001 | '' | " + URI
        + " | with a cert-manager issuer the CSR must request exactly the subject alternative names URI [" + URI + "] DNS [" + DNS
        + "]; it requests URI [" + URI + "] DNS []",
    "C=DE,O=Acme Medical,OU=Infusion,CN=PUMP-0001 | " + DNS + " | '' | with a cert-manager issuer the CSR must request exactly",
    "C=DE,O=Acme Medical,OU=Infusion,CN=PUMP-0001 | '' | '' | with a cert-manager issuer the CSR must request exactly",
    "C=DE,O=Acme Medical,OU=Infusion,CN=PUMP-0001 | " + DNS + ",evil.example.com | " + URI
        + " | with a cert-manager issuer the CSR must request exactly",
    "C=DE,O=Acme Medical,OU=Infusion,CN=PUMP-0001 | " + DNS + " | " + URI + ",urn:keyfleet:hospital-a:fleet-a:PUMP-0002"
        + " | with a cert-manager issuer the CSR must request exactly",
    "C=DE,O=Acme Medical,OU=Infusion,CN=PUMP-0001 | pump-0002.fleet-a.devices.example.com | " + URI
        + " | with a cert-manager issuer the CSR must request exactly",
  })
  void theCsrMustAskForExactlyWhatTheTemplateGives(String subject, String dnsNames, String uris, String problem) {
    String csr = CertificationRequests.pem(new X500Name(subject), split(dnsNames), split(uris), DEVICE);

    Optional<String> result = CertManagerSigner.csrMismatch(csr, TEMPLATE);

    if (problem == null) {
      assertThat(result).isEmpty();
    } else {
      assertThat(result).hasValueSatisfying(p -> assertThat(p).startsWith(problem));
    }
  }

  @Test
  void theOrderOfTheNamesDoesNotMatter() {
    IssueRequest two = new IssueRequest(SUBJECT, List.of("a.example.com", "b.example.com"), List.of(URI, "urn:x:y"),
        Set.of(KeyUsageName.digitalSignature), null, DEVICE.getPublic(), Duration.ofDays(30), null);
    String csr = CertificationRequests.pem(SUBJECT, List.of("b.example.com", "a.example.com"), List.of("urn:x:y", URI), DEVICE);

    assertThat(CertManagerSigner.csrMismatch(csr, two)).isEmpty();
  }

  @Test
  void aCsrKeyfleetBuiltForTheTemplateMatchesIt() {
    assertThat(CertManagerSigner.csrMismatch(CertificationRequests.pem(TEMPLATE, DEVICE), TEMPLATE)).isEmpty();
  }

  @Test
  void somethingThatIsNotACsrIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CertManagerSigner.csrMismatch("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
            TEMPLATE))
        .withMessageStartingWith("not a PEM certificate request");
  }

  private static List<String> split(String names) {
    return names.isEmpty() ? List.of() : Arrays.stream(names.split(",")).map(String::strip).toList();
  }
}
