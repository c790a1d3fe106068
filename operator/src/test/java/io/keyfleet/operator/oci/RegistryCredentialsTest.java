package io.keyfleet.operator.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryCredentialsTest {
  static final String PASSWORD = "s3cr3t:with-colon";
  static final String AUTH = base64("robot$fleet:" + PASSWORD);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "auth field                  | {\"auths\":{\"reg.example.com:5000\":{\"auth\":\"AUTH\"}}}                                     | reg.example.com:5000",
        "key with scheme and path     | {\"auths\":{\"https://reg.example.com:5000/v2/\":{\"auth\":\"AUTH\"}}}                       | reg.example.com:5000",
        "host in another case         | {\"auths\":{\"Reg.Example.com:5000\":{\"auth\":\"AUTH\"}}}                                     | reg.example.com:5000",
        "username and password fields | {\"auths\":{\"reg.example.com\":{\"username\":\"robot$fleet\",\"password\":\"PASSWORD\"}}}    | reg.example.com",
        "auth wins over the fields    | {\"auths\":{\"reg.example.com\":{\"username\":\"other\",\"password\":\"x\",\"auth\":\"AUTH\"}}} | reg.example.com",
        "docker hub alias             | {\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"AUTH\"}}}                            | docker.io",
        "the right one of several     | {\"auths\":{\"a.example\":{\"auth\":\"eDp5\"},\"reg.example.com\":{\"auth\":\"AUTH\"}}}        | reg.example.com",
      })
  void readsCredentialsForTheHost(String name, String json, String host) {
    RegistryCredentials credentials = RegistryCredentials.fromDockerConfigJson(config(json), host);

    assertThat(credentials.username()).isEqualTo("robot$fleet");
    assertThat(credentials.password()).isEqualTo(PASSWORD);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "empty                | ''                                                                        | .dockerconfigjson is empty",
        "not JSON             | {\"auths\": {\"reg.example.com\": PASSWORD                                 | .dockerconfigjson is not valid JSON (line 1, column",
        "no auths             | {\"credHelpers\":{}}                                                      | .dockerconfigjson has no \"auths\" object",
        "missing host         | {\"auths\":{\"other.example\":{\"auth\":\"AUTH\"}}}                       | no credentials for registry reg.example.com (it has entries for other.example)",
        "empty auths          | {\"auths\":{}}                                                            | no credentials for registry reg.example.com (auths is empty)",
        "entry not an object  | {\"auths\":{\"reg.example.com\":\"AUTH\"}}                                | auths.reg.example.com is not an object",
        "auth not base64      | {\"auths\":{\"reg.example.com\":{\"auth\":\"PASSWORD!!\"}}}               | auths.reg.example.com.auth is not valid base64",
        "auth without colon   | {\"auths\":{\"reg.example.com\":{\"auth\":\"c2VjcmV0\"}}}                 | auths.reg.example.com.auth does not decode to user:password",
        "auth without user    | {\"auths\":{\"reg.example.com\":{\"auth\":\"OnNlY3JldA==\"}}}             | auths.reg.example.com.auth does not decode to user:password",
        "password only        | {\"auths\":{\"reg.example.com\":{\"password\":\"PASSWORD\"}}}             | auths.reg.example.com has a password but no username",
        "username only        | {\"auths\":{\"reg.example.com\":{\"username\":\"robot\"}}}                | auths.reg.example.com has a username but no password",
        "token only           | {\"auths\":{\"reg.example.com\":{\"identitytoken\":\"PASSWORD\"}}}        | an identity or registry token alone is not supported",
        "password not string  | {\"auths\":{\"reg.example.com\":{\"username\":\"u\",\"password\":42}}}    | auths.reg.example.com.password is not a string",
        "duplicate keys       | {\"auths\":{\"reg.example.com\":{\"auth\":\"AUTH\",\"auth\":\"AUTH\"}}}   | .dockerconfigjson is not valid JSON",
      })
  void namesWhatIsWrongWithoutQuotingSecrets(String name, String json, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RegistryCredentials.fromDockerConfigJson(config(json), "reg.example.com"))
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .contains(message)
                    .doesNotContain(PASSWORD)
                    .doesNotContain("s3cr3t")
                    .doesNotContain(AUTH)
                    .doesNotContain("c2VjcmV0"));
  }

  @Test
  void neverShowsUserOrPassword() {
    RegistryCredentials credentials = RegistryCredentials.of("robot$fleet", PASSWORD);

    assertThat(credentials.toString()).doesNotContain("robot").doesNotContain("s3cr3t");
    assertThat(new RegistrySettings("reg.example.com/fleets/pumps", false, credentials).toString())
        .doesNotContain("robot")
        .doesNotContain("s3cr3t");
  }

  @Test
  void refusesEmptyCredentials() {
    assertThatIllegalArgumentException().isThrownBy(() -> RegistryCredentials.of("", "x"));
    assertThatIllegalArgumentException().isThrownBy(() -> RegistryCredentials.of("u", null));
  }

  private static byte[] config(String json) {
    return json.replace("PASSWORD", PASSWORD).replace("AUTH", AUTH).getBytes(StandardCharsets.UTF_8);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
