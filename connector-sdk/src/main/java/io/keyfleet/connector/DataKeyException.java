package io.keyfleet.connector;

import java.security.GeneralSecurityException;

/**
 * A device's data keys cannot be read from its Secret: the Secret is inconsistent, the device's
 * own key is missing or of the wrong kind, or a wrapped key does not open (wrong private key,
 * tampered bytes, or bytes wrapped for another device or version). Messages name the version and
 * the reason, never key material.
 */
public final class DataKeyException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  public DataKeyException(String message) {
    super(message);
  }

  public DataKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
