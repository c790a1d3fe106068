package io.keyfleet.operator.oci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistrySettingsTest {
  @ParameterizedTest
  @CsvSource({
      "127.0.0.1:5000, true",
      "127.0.0.1, true",
      "127.1.2.3:443, true",
      "localhost:5000, true",
      "localhost, true",
      "127.example.com, false",
      "127.0.0.1.nip.io:5000, false",
      "localhost.example.com, false",
      "127.0.0.256:5000, false",
      "128.0.0.1:5000, false",
      "registry.example.com, false",
  })
  void plainHttpOnlyForThisMachine(String host, boolean loopback) {
    assertThat(RegistrySettings.loopback(host)).isEqualTo(loopback);
  }
}
