package io.keyfleet.operator.pki;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Text (PEM, annotations' payloads) as it sits in a Secret's {@code data}: base64 of UTF-8. */
public final class SecretText {
  private SecretText() {}

  /** The {@code data} value for the text. */
  public static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The text of a {@code data} value.
   *
   * @throws IllegalArgumentException when the value is missing
   */
  public static String decode(String value) {
    if (value == null) {
      throw new IllegalArgumentException("missing key");
    }
    return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
  }
}
