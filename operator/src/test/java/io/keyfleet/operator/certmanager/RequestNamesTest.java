package io.keyfleet.operator.certmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.keyfleet.api.v1alpha1.DeviceFleet;
import io.keyfleet.api.v1alpha1.DeviceIdentity;
import java.security.KeyPair;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestNamesTest {
  /** A Kubernetes object name: an RFC 1123 DNS subdomain of at most 253 characters. */
  static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  static final KeyPair KEY = TestCertificates.keys();
  static final KeyPair OTHER_KEY = TestCertificates.keys();
  static final String SUBJECT = "CN=keyfleet CRL signer hospital-a/fleet-a";

  @ParameterizedTest(name = "{0} r{1} -> {2}")
  @CsvSource({
    "pump-0001, 1, pump-0001-r1",
    "pump-0001, 42, pump-0001-r42",
    "pump.ward-3.hospital-a, 7, pump.ward-3.hospital-a-r7",
    "a, 9223372036854775807, a-r9223372036854775807",
  })
  void aDevicesRequestIsNamedAfterTheDeviceAndRevision(String device, long revision, String expected) {
    assertThat(RequestNames.device(device(device), revision)).isEqualTo(expected).matches(SUBDOMAIN);
    assertThat(RequestNames.device(device(device), revision)).as("deterministic").isEqualTo(RequestNames.device(device(device), revision));
  }

  @ParameterizedTest(name = "device name of {0} characters, r{1}")
  @CsvSource({
    // 250 + "-r1" is exactly 253: kept whole
    "250, 1, 253, false",
    "251, 1, 253, true",
    "253, 1, 253, true",
    "253, 123456789012, 253, true",
    "200, 1, 203, false",
  })
  void longNamesAreCutToTheLimitOfAKubernetesName(int length, long revision, int expectedLength, boolean cut) {
    String name = RequestNames.device(device("p".repeat(length)), revision);

    assertThat(name).hasSize(expectedLength).matches(SUBDOMAIN);
    assertThat(name.startsWith("p".repeat(length) + "-r" + revision)).isEqualTo(!cut);
    if (cut) {
      assertThat(name).matches("p+-[0-9a-f]{16}");
    }
  }

  @Test
  void twoLongNamesThatDifferOnlyInWhatIsCutOffStayApart() {
    String common = "pump-".repeat(50); // 250 characters
    String a = RequestNames.device(device(common + "abc"), 1);
    String b = RequestNames.device(device(common + "abd"), 1);
    String r2 = RequestNames.device(device(common + "abc"), 2);

    assertThat(a).hasSize(253).isNotEqualTo(b).isNotEqualTo(r2);
    assertThat(a.substring(0, 236)).isEqualTo(b.substring(0, 236));
  }

  @ParameterizedTest(name = "cut at a ''{0}''")
  @CsvSource({".", "-"})
  void aCutNameIsStillAValidName(String separator) {
    // The cut keeps the first 236 characters; make the last one kept a separator.
    String device = "a".repeat(235) + separator + "b".repeat(17);

    String name = RequestNames.device(device(device), 1);

    assertThat(name).hasSizeLessThanOrEqualTo(253).matches(SUBDOMAIN).startsWith("a".repeat(235));
  }

  @Test
  void theCrlSignersRequestIsNamedAfterTheFleetKeyAndSubject() {
    String name = RequestNames.crlSigner(fleet("fleet-a"), KEY.getPublic(), SUBJECT);

    assertThat(name).matches("fleet-a-crl-signer-[0-9a-f]{16}").matches(SUBDOMAIN);
    assertThat(RequestNames.crlSigner(fleet("fleet-a"), KEY.getPublic(), SUBJECT)).as("deterministic").isEqualTo(name);
    assertThat(RequestNames.crlSigner(fleet("fleet-a"), OTHER_KEY.getPublic(), SUBJECT)).as("a new key").isNotEqualTo(name);
    assertThat(RequestNames.crlSigner(fleet("fleet-a"), KEY.getPublic(), "CN=Other CA")).as("another subject").isNotEqualTo(name);
    assertThat(RequestNames.crlSigner(fleet("fleet-b"), KEY.getPublic(), SUBJECT)).as("another fleet").startsWith("fleet-b-crl-signer-");
  }

  @Test
  void aLongFleetNameIsCutToo() {
    String name = RequestNames.crlSigner(fleet("f".repeat(253)), KEY.getPublic(), SUBJECT);

    assertThat(name).hasSize(253).matches(SUBDOMAIN).matches("f+-[0-9a-f]{16}");
    assertThat(RequestNames.crlSigner(fleet("f".repeat(253)), OTHER_KEY.getPublic(), SUBJECT)).as("the key still counts").isNotEqualTo(name);
  }

  private static DeviceIdentity device(String name) {
    DeviceIdentity device = new DeviceIdentity();
    device.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("hospital-a").build());
    return device;
  }

  private static DeviceFleet fleet(String name) {
    DeviceFleet fleet = new DeviceFleet();
    fleet.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("hospital-a").build());
    return fleet;
  }
}
