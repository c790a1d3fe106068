package io.keyfleet.operator.certmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyfleet.operator.pki.IssueRequest;
import io.keyfleet.operator.pki.KeyUsageName;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IssuedCertificateCheckTest {
  static final Instant NOT_BEFORE = Instant.parse("2026-06-01T12:00:00Z");
  static final Instant NOT_AFTER = NOT_BEFORE.plus(Duration.ofDays(30));
  static final String DNS = "pump-0001.fleet-a.devices.example.com";
  static final String URI = "urn:keyfleet:hospital-a:fleet-a:PUMP-0001";
  static final X500Name SUBJECT = IssueRequest.subject("PUMP-0001", "Acme Medical", "Infusion", "DE");

  static final KeyPair CA_KEYS = TestCertificates.keys();
  static final X509Certificate CA = TestCertificates.ca("cert-manager CA", CA_KEYS);
  static final KeyPair OTHER_CA_KEYS = TestCertificates.keys();
  static final X509Certificate OTHER_CA = TestCertificates.ca("another CA", OTHER_CA_KEYS);
  /** The same name as {@link #CA}, another key: a CA that was replaced. */
  static final KeyPair ROTATED_CA_KEYS = TestCertificates.keys();
  static final X509Certificate ROTATED_CA = TestCertificates.ca("cert-manager CA", ROTATED_CA_KEYS);
  static final KeyPair DEVICE = TestCertificates.keys();
  static final KeyPair OTHER_DEVICE = TestCertificates.keys();

  static final IssueRequest REQUEST = new IssueRequest(SUBJECT, List.of(DNS), List.of(URI), Set.of(KeyUsageName.digitalSignature), null,
      DEVICE.getPublic(), Duration.ofDays(30), null);

  @Test
  void acceptsACertificateForOurKeyFromTheFleetsCaWithTheRequestedNames() {
    X509Certificate leaf = leaf(DEVICE, CA, CA_KEYS, List.of(DNS), List.of(URI));

    assertThat(check(List.of(leaf), CA, CA)).isEmpty();
    assertThat(check(List.of(leaf, CA), CA, CA)).as("the chain may end with the CA itself").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    // what the issuer did | what Keyfleet says
    "returned nothing              | the issuer returned no certificate",
    "certified another key         | the certificate is not for the requested key",
    "left out status.ca            | the issuer returned no CA certificate (status.ca)",
    "names another CA in status.ca | the issuer's CA changed: status.ca is CN=another CA (SHA-256 ",
    "rotated its CA                | the issuer's CA changed: status.ca is CN=cert-manager CA (SHA-256 ",
    "signed with another key       | the certificate does not chain to the issuer's CA CN=cert-manager CA",
    "broke the intermediate        | the certificate does not chain to the issuer's CA CN=cert-manager CA",
  })
  void rejectsAnAnswerThatDoesNotFit(String what, String problem) {
    KeyPair intermediateKeys = TestCertificates.keys();
    X509Certificate intermediate = TestCertificates.intermediate("intermediate", intermediateKeys.getPublic(), CA, CA_KEYS.getPrivate());
    X509Certificate good = leaf(DEVICE, CA, CA_KEYS, List.of(DNS), List.of(URI));
    Optional<String> result = switch (what) {
      case "returned nothing" -> check(List.of(), CA, CA);
      case "certified another key" -> check(List.of(leaf(OTHER_DEVICE, CA, CA_KEYS, List.of(DNS), List.of(URI))), CA, CA);
      case "left out status.ca" -> check(List.of(good), null, CA);
      case "names another CA in status.ca" -> check(List.of(leaf(DEVICE, OTHER_CA, OTHER_CA_KEYS, List.of(DNS), List.of(URI))), OTHER_CA, CA);
      case "rotated its CA" -> check(List.of(leaf(DEVICE, ROTATED_CA, ROTATED_CA_KEYS, List.of(DNS), List.of(URI))), ROTATED_CA, CA);
      // the certificate names the fleet's CA as issuer but another key signed it
      case "signed with another key" -> check(List.of(leaf(DEVICE, CA, OTHER_CA_KEYS, List.of(DNS), List.of(URI))), CA, CA);
      // leaf -> intermediate is fine, but the intermediate was not issued by the CA
      case "broke the intermediate" -> check(List.of(leaf(DEVICE, intermediate, intermediateKeys, List.of(DNS), List.of(URI)),
          TestCertificates.intermediate("intermediate", intermediateKeys.getPublic(), CA, OTHER_CA_KEYS.getPrivate())), CA, CA);
      default -> throw new IllegalArgumentException(what);
    };

    assertThat(result).hasValueSatisfying(p -> assertThat(p).startsWith(problem));
  }

  @Test
  void followsAChainThroughAnIntermediate() {
    KeyPair intermediateKeys = TestCertificates.keys();
    X509Certificate intermediate = TestCertificates.intermediate("intermediate", intermediateKeys.getPublic(), CA, CA_KEYS.getPrivate());
    X509Certificate leaf = leaf(DEVICE, intermediate, intermediateKeys, List.of(DNS), List.of(URI));

    assertThat(check(List.of(leaf, intermediate), CA, CA)).isEmpty();
    assertThat(check(List.of(leaf, intermediate, CA), CA, CA)).isEmpty();
    assertThat(check(List.of(leaf), CA, CA)).as("without the intermediate").isPresent();
  }

  @ParameterizedTest(name = "DNS {0} URI {1} -> {2}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
    // the certificate's SANs (comma-separated, '' for none) | the problem, or null
    DNS + " | " + URI + " | null",
    "'' | " + URI + " | the certificate's DNS names [] are not the requested [" + DNS + "]",
    DNS + ",extra.example.com | " + URI + " | the certificate's DNS names [" + DNS + ", extra.example.com] are not the requested",
    "PUMP-0002.fleet-a.devices.example.com | " + URI + " | the certificate's DNS names [PUMP-0002",
    DNS + " | '' | the certificate's URIs [] are not the requested [" + URI + "]",
    DNS + " | urn:keyfleet:hospital-a:fleet-a:PUMP-0002 | the certificate's URIs [urn:keyfleet:hospital-a:fleet-a:PUMP-0002]",
    DNS + " | " + URI + ",urn:keyfleet:other | the certificate's URIs",
    // the order does not matter, repetition neither (a set of names)
    DNS + "," + DNS + " | " + URI + " | null",
  })
  void theNamesMustBeTheOnesRequested(String dnsNames, String uris, String problem) {
    X509Certificate leaf = leaf(DEVICE, CA, CA_KEYS, split(dnsNames), split(uris));

    Optional<String> result = check(List.of(leaf), CA, CA);

    if (problem == null) {
      assertThat(result).isEmpty();
    } else {
      assertThat(result).hasValueSatisfying(p -> assertThat(p).startsWith(problem));
    }
  }

  @Test
  void namesInAnotherOrderAreTheSameNames() {
    IssueRequest two = new IssueRequest(SUBJECT, List.of("a.example.com", "b.example.com"), List.of(URI),
        Set.of(KeyUsageName.digitalSignature), null, DEVICE.getPublic(), Duration.ofDays(30), null);
    X509Certificate leaf = leaf(DEVICE, CA, CA_KEYS, List.of("b.example.com", "a.example.com"), List.of(URI));

    assertThat(IssuedCertificateCheck.problem(List.of(leaf), CA, CA, DEVICE.getPublic(), two)).isEmpty();
  }

  private static Optional<String> check(List<X509Certificate> chain, X509Certificate ca, X509Certificate fleetCa) {
    return IssuedCertificateCheck.problem(chain, ca, fleetCa, DEVICE.getPublic(), REQUEST);
  }

  private static X509Certificate leaf(KeyPair subject, X509Certificate issuer, KeyPair issuerKeys, List<String> dns, List<String> uris) {
    return TestCertificates.leaf(SUBJECT, subject.getPublic(), issuer, issuerKeys.getPrivate(), NOT_BEFORE, NOT_AFTER,
        KeyUsage.digitalSignature, dns, uris);
  }

  private static List<String> split(String names) {
    return names.isEmpty() ? List.of() : Arrays.stream(names.split(",")).map(String::strip).toList();
  }
}
