package io.keyfleet.api.v1alpha1.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FirmwareVersionsTest {
  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({
    "2.4.1, 2.4.1, 0",
    "v2.4.1, 2.4.1, 0",
    "2.4, 2.4.0, 0",
    "2.4.1, 2.4.10, -1",
    "2.10.0, 2.9.9, 1",
    "2.4.1-rc.1, 2.4.1, -1",
    "2.4.1, 2.4.1-rc.1, 1",
    "2.4.1-rc.1, 2.4.1-rc.2, -1",
    "2.4.1+build.7, 2.4.1, 0",
    "1.9.9.9, 2, -1",
  })
  void orders(String a, String b, int expected) {
    assertThat(Integer.signum(FirmwareVersions.compare(a, b))).isEqualTo(expected);
  }
}
